// What the learner has done, as core last reported it (getProgress, then every
// `progress:changed` event and every call that answers with a ProgressView).
import { create } from 'zustand';
import type { ApiClient } from '../../../common/api';
import type { ProgressView, Settings } from '../../../common/progress';
import { reportFailure, useNoticesStore } from '../../app/notices-store';

export interface ProgressState {
  progress: ProgressView | null;
  setProgress(progress: ProgressView): void;
  /** Applies a settings change at once, before core confirms it (core's answer replaces it). */
  patchSettings(patch: Partial<Settings>): void;
}

export const useProgressStore = create<ProgressState>()((set) => ({
  progress: null,
  setProgress: (progress) => set({ progress }),
  patchSettings: (patch) =>
    set((s) => (s.progress ? { progress: { ...s.progress, settings: { ...s.progress.settings, ...patch } } } : s)),
}));

// ProgressView.notices lists everything since start; show each one once, so a dismissed
// notice stays dismissed when the next ProgressView repeats it.
const shownProgressNotices = new Set<string>();

/** Stores a ProgressView from any source (getProgress, events, call results) and surfaces its new notices. */
export function applyProgress(progress: ProgressView): void {
  useProgressStore.getState().setProgress(progress);
  for (const message of progress.notices ?? []) {
    if (shownProgressNotices.has(message)) continue;
    shownProgressNotices.add(message);
    useNoticesStore.getState().push('warning', message);
  }
}

/** Saves the lesson the learner is on as settings.lastLessonId, so the next start reopens it. */
export function rememberLesson(api: ApiClient, id: string): void {
  if (useProgressStore.getState().progress?.settings.lastLessonId === id) return;
  useProgressStore.getState().patchSettings({ lastLessonId: id });
  api.updateSettings({ lastLessonId: id }).then(applyProgress, (err: unknown) => reportFailure('Could not remember this lesson', err));
}
