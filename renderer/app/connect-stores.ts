// The one place the renderer listens to core: every event, and every store that follows
// another, is wired here to the actions the stores expose. Then the first loads (variables,
// course and progress, hosts). No polling.
import type { ApiClient } from '../../common/api';
import { followSequence, forgetClearedBlocks, useBlocksStore } from '../features/blocks/blocks-store';
import { loadVariables, reloadOnOverrides } from '../features/blocks/variables-store';
import { forgetClearedRuns, useChecksStore } from '../features/checkpoints/checks-store';
import { loadHosts, useHostsStore } from '../features/hosts/hosts-store';
import { loadCourse, useCourseStore } from '../features/lessons/course-store';
import { applyProgress, rememberLesson, useProgressStore } from '../features/lessons/progress-store';
import { TerminalRuntime } from '../features/terminals/terminal-runtime';
import { useTerminalsStore } from '../features/terminals/terminals-store';
import { useConnectionStore } from '../transport/connection-store';
import { useNoticesStore } from './notices-store';
import { useUiStore } from './ui-store';

/** Subscribes to core's events and loads the course; returns the unsubscribe. */
export function connectStores(api: ApiClient): () => void {
  let progressFromEvent = false;
  let hostsFromEvent = false;
  const variablesFollowOverrides = reloadOnOverrides(api);
  // Terminal tabs: core's ids, the xterm sessions and early output (started by the panel).
  const terminals = new TerminalRuntime(api);
  useTerminalsStore.getState().setRuntime(terminals);

  const offs = [
    api.on('progress:changed', (progress) => {
      progressFromEvent = true;
      applyProgress(progress);
      variablesFollowOverrides(progress);
    }),
    api.on('notice', ({ level, message, lessonId }) => useNoticesStore.getState().push(level, message, lessonId)),
    // Live reload (course authors): the new course, and what changed. The open lesson stays
    // open; one left out with a problem keeps its selection until it is fixed.
    api.on('course:changed', ({ view, message }) => {
      useCourseStore.getState().setView(view);
      useNoticesStore.getState().push('info', message);
    }),
    api.on('hosts:changed', (hosts) => {
      hostsFromEvent = true;
      useHostsStore.getState().setHosts(hosts);
      void loadVariables(api);
    }),
    api.on('hostkey:prompt', (prompt) => useHostsStore.getState().pushPrompt(prompt)),
    // Checkpoints: live results, whoever started the run (the button, or core after "Run all").
    api.on('checks:started', ({ lessonId, checkIds }) => useChecksStore.getState().started(lessonId, checkIds)),
    api.on('check:result', (result) => useChecksStore.getState().result(result)),
    // Command blocks: runs, typing mode, whole-lesson runs and catch-up.
    api.on('block:state', (e) => {
      useBlocksStore.getState().applyBlockEvent(e);
      followSequence(e);
    }),
    api.on('typing:result', (e) => useBlocksStore.getState().applyTypingEvent(e)),
    api.on('sequence:state', (e) => useBlocksStore.getState().applySequence(e)),
    api.on('terminal:data', terminals.onData),
    api.on('terminal:state', terminals.onState),
    api.on('terminal:exit', terminals.onExit),
    // A reset (here or in another window) clears lessons' progress: their live check results
    // and block runs go too.
    useProgressStore.subscribe((state, previous) => {
      const lessons = state.progress?.lessons;
      if (lessons && lessons !== previous.progress?.lessons) forgetClearedRuns(lessons);
    }),
    useProgressStore.subscribe((state, previous) => {
      const before = previous.progress?.lessons;
      const after = state.progress?.lessons;
      if (before && after && before !== after) forgetClearedBlocks(before, after);
    }),
    // The socket came back (browser host): catch up on what its events would have said.
    useConnectionStore.subscribe((state, previous) => {
      if (state.status === 'reconnecting' && previous.status === 'connected') terminals.connectionLost();
      if (state.reconnects === previous.reconnects) return;
      void api.getProgress().then(applyProgress, () => {});
      void loadHosts(api);
      void loadVariables(api);
      void terminals.resync();
    }),
    // Remember the lesson the learner is on, so the next start reopens it.
    useUiStore.subscribe((state, previous) => {
      const id = state.selectedLessonId;
      if (id !== null && id !== previous.selectedLessonId) rememberLesson(api, id);
    }),
  ];

  void loadVariables(api);
  void loadCourse(api, () => progressFromEvent);
  // A page load re-verifies the passed lessons at once (live checks), quietly.
  void api.watchNow().catch(() => undefined);
  void startHosts(api, () => hostsFromEvent);
  return () => {
    offs.forEach((off) => off());
    terminals.dispose();
    if (useTerminalsStore.getState().runtime === terminals) useTerminalsStore.getState().setRuntime(null);
  };
}

/** Loads the saved VMs; with none at all, the main view offers the first-run guide. */
async function startHosts(api: ApiClient, hadEvent: () => boolean): Promise<void> {
  const hosts = await loadHosts(api, hadEvent);
  if (hosts && hosts.length === 0 && useHostsStore.getState().hosts.length === 0) useUiStore.getState().showFirstRun();
}
