// The lesson on screen, with its state and the course it belongs to.
import type { Course, Lesson } from '../../../common/course';
import type { LessonState } from '../../../common/progress';
import { useUiStore } from '../../app/ui-store';
import { useCourseStore } from './course-store';
import { useProgressStore } from './progress-store';

export interface SelectedLesson {
  course: Course;
  lesson: Lesson;
  state: LessonState;
}

export function useSelectedLesson(): SelectedLesson | null {
  const course = useCourseStore((s) => s.course);
  const id = useUiStore((s) => s.selectedLessonId);
  const state = useProgressStore((s) => (id ? s.progress?.states[id] : undefined));
  const lesson = course?.lessons.find((l) => l.id === id);
  if (!course || !lesson) return null;
  return { course, lesson, state: state ?? 'open' };
}
