// Which lessons are locked, open or passed: derived, never stored, so it cannot drift.
import type { Course } from './course';
import type { LessonProgress, LessonState } from './progress';

export function lessonStates(course: Course, lessons: Record<string, LessonProgress>): Record<string, LessonState> {
  const states: Record<string, LessonState> = {};
  for (const lesson of course.lessons) {
    if (lessons[lesson.id]?.completedAt) states[lesson.id] = 'passed';
    else if (lesson.requires.every((r) => lessons[r]?.completedAt)) states[lesson.id] = 'open';
    else states[lesson.id] = 'locked';
  }
  return states;
}
