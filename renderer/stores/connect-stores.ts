// Feeds the stores from the contract: one initial load, then events. No polling.
import type { ApiClient } from '../../common/api';
import { initialLessonId } from '../lib/lessons';
import { errorMessage } from '../lib/errors';
import { connectBlockStores } from './blocks';
import { useChecksStore } from './checks';
import { useCourseStore } from './course';
import { loadHosts, useHostsStore } from './hosts';
import { reportFailure, useNoticesStore } from './notices';
import { applyProgress, useProgressStore } from './progress';
import { useUiStore } from './ui';

/** Subscribes to core's events and loads the course; returns the unsubscribe. */
export function connectStores(api: ApiClient): () => void {
  let progressFromEvent = false;
  let hostsFromEvent = false;
  const offs = [
    api.on('progress:changed', (progress) => {
      progressFromEvent = true;
      applyProgress(progress);
    }),
    api.on('notice', ({ level, message }) => useNoticesStore.getState().push(level, message)),
    api.on('hosts:changed', (hosts) => {
      hostsFromEvent = true;
      useHostsStore.getState().setHosts(hosts);
    }),
    api.on('hostkey:prompt', (prompt) => useHostsStore.getState().pushPrompt(prompt)),
    // Checkpoints: live results, whoever started the run (the button, or core after "Run all").
    api.on('checks:started', ({ lessonId, checkIds }) => useChecksStore.getState().started(lessonId, checkIds)),
    api.on('check:result', (result) => useChecksStore.getState().result(result)),
    // A lesson whose progress was cleared (a reset, here or in another window) forgets its live results.
    useProgressStore.subscribe((state, previous) => {
      const lessons = state.progress?.lessons;
      if (!lessons || lessons === previous.progress?.lessons) return;
      const { runs, forget } = useChecksStore.getState();
      const cleared = Object.entries(runs)
        .filter(([id, run]) => !run.running && Object.keys(run.results).length > 0 && !lessons[id])
        .map(([id]) => id);
      if (cleared.length) forget(cleared);
    }),
    // Remember the lesson the learner is on, so the next start reopens it.
    useUiStore.subscribe((state, previous) => {
      const id = state.selectedLessonId;
      if (id === null || id === previous.selectedLessonId) return;
      if (useProgressStore.getState().progress?.settings.lastLessonId === id) return;
      useProgressStore.getState().patchSettings({ lastLessonId: id });
      api.updateSettings({ lastLessonId: id }).then(applyProgress, (err: unknown) => reportFailure('Could not remember this lesson', err));
    }),
    // Command blocks: variables, runs, typing mode and lesson runs (stores/blocks.ts).
    connectBlockStores(api),
  ];

  void loadCourse(api, () => progressFromEvent);
  void startHosts(api, () => hostsFromEvent);
  return () => offs.forEach((off) => off());
}

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

/** Loads the saved VMs; with none at all, the main view offers the first-run guide. */
async function startHosts(api: ApiClient, hadEvent: () => boolean): Promise<void> {
  const hosts = await loadHosts(api, hadEvent);
  if (hosts && hosts.length === 0 && useHostsStore.getState().hosts.length === 0) useUiStore.getState().showFirstRun();
}
