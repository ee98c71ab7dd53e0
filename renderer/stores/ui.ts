// Renderer-only state: which lesson is shown.
import { create } from 'zustand';

export interface UiState {
  selectedLessonId: string | null;
  /** Bumped when the lesson view should take keyboard focus (e.g. after Next or a shortcut). */
  focusRequest: number;
  selectLesson(id: string, options?: { focusContent?: boolean }): void;
}

export const useUiStore = create<UiState>()((set) => ({
  selectedLessonId: null,
  focusRequest: 0,
  selectLesson: (id, options) =>
    set((s) => ({ selectedLessonId: id, focusRequest: options?.focusContent ? s.focusRequest + 1 : s.focusRequest })),
}));
