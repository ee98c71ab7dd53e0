// Which lessons are locked, open or passed: derived, never stored, so it cannot drift.
import type { Course } from './course';
import type { LessonProgress, LessonState } from './progress';

export function lessonStates(course: Course, lessons: Record<string, LessonProgress>): Record<string, LessonState> {
  const states: Record<string, LessonState> = {};
  for (const lesson of course.lessons) {
    const done = lessons[lesson.id];
    if (done?.completedAt) {
      const failing = Object.values(done.checks).some((c) => c.outcome === 'fail' || c.outcome === 'timeout');
      states[lesson.id] = failing ? 'failing' : 'passed';
    }
    else if (lesson.requires.every((r) => lessons[r]?.completedAt)) states[lesson.id] = 'open';
    else states[lesson.id] = 'locked';
  }
  return states;
}
