// The course as core built it, plus the problems of lesson files it had to leave out.
import { create } from 'zustand';
import type { CourseView } from '../../common/api';
import type { Course, LessonProblem } from '../../common/course';

export interface CourseState {
  status: 'loading' | 'ready' | 'failed';
  course: Course | null;
  problems: LessonProblem[];
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
  error: null,
  setLoading: () => set({ status: 'loading', error: null }),
  setView: (view) => set({ status: 'ready', course: view.course, problems: view.problems, error: null }),
  setFailed: (message) => set({ status: 'failed', error: message }),
}));
