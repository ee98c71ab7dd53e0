// The course as core built it, plus the problems of lesson files it had to leave out.
import { create } from 'zustand';
import type { ApiClient, CourseView } from '../../../common/api';
import type { Course, LeftOutLesson, LessonProblem } from '../../../common/course';
import { errorMessage } from '../../app/errors';
import { useUiStore } from '../../app/ui-store';
import { initialLessonId } from './lessons';
import { applyProgress, useProgressStore } from './progress-store';

export interface CourseState {
  status: 'loading' | 'ready' | 'failed';
  course: Course | null;
  problems: LessonProblem[];
  /** Lesson files left out until their problems are fixed, with their place in the list. */
  leftOut: LeftOutLesson[];
  /** Why loading failed, when status is 'failed'. */
  error: string | null;
  setLoading(): void;
  setView(view: CourseView): void;
  setFailed(message: string): void;
}

export const useCourseStore = create<CourseState>()((set) => ({
  status: 'loading',
  course: null,
  problems: [],
  leftOut: [],
  error: null,
  setLoading: () => set({ status: 'loading', error: null }),
  setView: (view) => set({ status: 'ready', course: view.course, problems: view.problems, leftOut: view.leftOut, error: null }),
  setFailed: (message) => set({ status: 'failed', error: message }),
}));

/** Loads course and progress together; safe to call again to retry. */
export async function loadCourse(api: ApiClient, hadEvent: () => boolean = () => false): Promise<void> {
  useCourseStore.getState().setLoading();
  try {
    const [view, progress] = await Promise.all([api.getCourse(), api.getProgress()]);
    // An event that arrived while we waited is newer than this answer.
    if (!hadEvent()) applyProgress(progress);
    useCourseStore.getState().setView(view);
    const ui = useUiStore.getState();
    const known = view.course.lessons.some((l) => l.id === ui.selectedLessonId);
    if (!known) {
      const first = initialLessonId(view.course, useProgressStore.getState().progress);
      if (first) ui.selectLesson(first, { initial: true });
    }
  } catch (err) {
    useCourseStore.getState().setFailed(errorMessage(err));
  }
}
