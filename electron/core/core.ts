// The core service: implements the contract on top of the lesson loader and the progress
// store. Hosts (Electron main, browser server) make the event bus and the notice list, then
// core, and forward the bus's events to their renderers.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Api, ApiEvents, CourseView, ViewerApi } from '../../common/api';
import { ApiError } from '../../common/errors';
import { lessonStates } from '../../common/lesson-state';
import type { ProgressFile, ProgressView, Settings } from '../../common/progress';
import { createArtifactService } from './artifacts/artifact-service';
import { createBlockService } from './blocks/block-service';
import { copyFiles } from './blocks/copy-files';
import { listCertificates } from './checkpoints/certificate-expiry';
import { createCheckpointService, dependentsOf } from './checkpoints/checkpoint-service';
import { LiveChecks } from './checkpoints/live-checks';
import { liveNotice } from './checkpoints/live-notices';
import { createHostAccess } from './checks';
import { createCourseModel, markCompleted } from './course/course-model';
import { EventBus } from './events';
import { COURSE_CACHE_FILE, assetsDirFor, loadCourseCached } from './lessons';
import { createCourseReloader } from './course/course-reloader';
import { maskLessons, maskResult, mutedLessons } from './drills/drill-mask';
import { activeDrill, createDrillService } from './drills/drill-service';
import { createHostService } from './hosts/host-service';
import { Notices } from './notices';
import { ProgressStore } from './progress/progress-store';
import { MemorySecretStore, type SecretStore } from './secrets/secret-store';
import { createTerminalService } from './terminals/terminal-service';

export interface CoreOptions {
  dataDir: string;
  /** The folder holding course.yaml (see lessons/course-dir.ts, locateCourse). */
  lessonsDir: string;
  /** Where the lessons' images live; by default the folder's own assets/ or its sibling. */
  assetsDir?: string;
  /** Reload the course when its files change (live reload for authors). */
  watchCourse?: boolean;
  /** The host's bus: core emits every contract event on it. */
  events: EventBus;
  /** The host's notice list (stores the host made may already have added to it); a new one by default. */
  notices?: Notices;
  /** Where passwords and passphrases go; memory-only by default (the browser host). */
  secrets?: SecretStore;
  /** For ~/.ssh/config and ~/.ssh/known_hosts; the user's home by default. */
  homeDir?: string;
}

export interface Core extends Api, ViewerApi {
  readonly events: EventBus;
  /** Notices raised since start (e.g. a corrupt progress file moved aside). */
  readonly notices: Notices;
  /** Closes terminals and SSH connections. */
  dispose(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const { events } = options;
  const notices = options.notices ?? new Notices();
  const dirs = { lessonsDir: options.lessonsDir, assetsDir: options.assetsDir ?? (await assetsDirFor(options.lessonsDir)) };
  // The parse of the last start when no input of it changed (lessons/course-cache.ts).
  let courseView: CourseView = (await loadCourseCached(dirs.lessonsDir, dirs.assetsDir, join(options.dataDir, COURSE_CACHE_FILE))).loaded;
  // Progress is kept per course id, so two courses never mix theirs.
  const store = new ProgressStore(options.dataDir, courseView.course.id, courseView.course.lessons.map((l) => l.id));
  const loaded = await store.load();
  if (loaded.notice) notices.add(loaded.notice);
  // During a drill, its lessons' checks say pass or fail only (drills/drill-mask.ts).
  const muted = (p: ProgressFile = store.get()) => mutedLessons(courseView.course, activeDrill(courseView.course, p));
  const view = (p: ProgressFile): ProgressView => ({
    lessons: maskLessons(p.lessons, muted(p)),
    settings: p.settings,
    states: lessonStates(courseView.course, p.lessons),
    drills: p.drills,
    notices: notices.all(),
  });
  const changed = (p: ProgressFile): ProgressView => {
    const v = view(p);
    events.emit('progress:changed', v);
    return v;
  };
  // A notice raised after start is in the list, so that a window opened later shows it too,
  // and goes to the windows open now (each shows a message once).
  const stopNotices = notices.onAdded(() => changed(store.get()));
  const notice = (message: string) => notices.add(message);
  const secrets = options.secrets ?? new MemorySecretStore();
  const hosts = createHostService({
    dataDir: options.dataDir,
    homeDir: options.homeDir ?? homedir(),
    secrets,
    events,
    notice,
    course: courseView.course,
  });
  const terminals = createTerminalService({ events, shells: hosts });
  const course = courseView.course;

  const model = createCourseModel({
    course,
    listHosts: () => hosts.listHosts(),
    progress: () => store.get(),
    updateProgress: async (change) => {
      changed(await store.update(change));
    },
  });
  const blocks = createBlockService({
    model,
    events,
    terminals,
    connection: (role) => hosts.connection(role),
    onLessonBlocksDone: (lessonId) => void checkpoints.lessonBlocksDone(lessonId),
    onSequenceLessonsDone: (lessonIds) => void checkpoints.sequenceLessonsDone(lessonIds),
    onCommandEnded: (role) => live.commandEnded(role),
  });
  const artifacts = createArtifactService({
    course,
    dataDir: options.dataDir,
    events,
    resolve: (text, what) => model.resolve(text, what),
    connection: (role) => hosts.connection(role),
  });
  const access = createHostAccess((role) => hosts.connection(role), { label: (r) => model.hostname(r) });
  // The checkpoints' events pass through the drill mask on their way to the renderers.
  const checkEvents = new EventBus();
  checkEvents.subscribe((name, payload, audience) => events.emit(name, name === 'check:result' ? maskResult(payload as ApiEvents['check:result'], muted()) as never : payload, audience));
  const checkpoints = createCheckpointService({
    model,
    events: checkEvents,
    access,
    blocks,
  });
  const drills = createDrillService({
    model,
    events,
    access,
    checkpoints,
    runInTerminal: (role, text) => blocks.runText(role, text),
    copy: async (from, to, items) => {
      const end = async (role: string) => ({ name: model.hostname(role), client: (await hosts.connection(role)).client });
      return copyFiles(await end(from), await end(to), items);
    },
  });
  const reloader = createCourseReloader({
    dirs,
    course,
    setView: (v) => {
      courseView = v;
    },
    events,
    clearChecks: async (cleared) => {
      changed(await store.update((d) => {
        for (const { lessonId, checkIds } of cleared) {
          const checks = d.lessons[lessonId]?.checks;
          if (checks) for (const id of checkIds) delete checks[id];
        }
      }));
    },
  });
  if (options.watchCourse) reloader.watch();
  // Live checkpoints: checks follow the learner's commands, and passed lessons are watched
  // on every host whose key is trusted (never prompting), and on this computer.
  const live = new LiveChecks({
    course,
    progress: () => store.get(),
    role: (host) => model.role(host),
    runBatch: (lessonId, checkIds, background) => checkpoints.runBatch(lessonId, checkIds, background),
    busy: (role) => blocks.busy(role),
    reachableRoles: async () => [...(await hosts.listHosts()).filter((h) => h.hostKey).map((h) => h.role), 'local'],
    onStateChange: (lessonId, from, to) => {
      if (muted().has(lessonId)) return;
      const n = liveNotice(course, store.get().lessons, lessonId, from, to, dependentsOf(course, lessonId));
      if (n) events.emit('notice', n);
    },
  });
  const offLive = events.subscribe((name, payload) => {
    // A terminal (re)connected: its host's passed lessons are re-verified at once.
    if (name === 'terminal:state') {
      const info = payload as ApiEvents['terminal:state'];
      if (info.state === 'connected' && info.target !== 'local') void live.watchNow(info.target);
    }
    // A new trusted key, or a lesson that passed: their loops start.
    if (name === 'hosts:changed' || name === 'progress:changed') void live.ensureRunning();
    // A drill is solved when its checks pass again, however they came to run.
    if (name === 'progress:changed') void drills.evaluate().catch(() => undefined);
  });
  const watching = setTimeout(() => void live.watchNow().then(() => live.ensureRunning()).catch(() => undefined), 1_000);

  const api: Api = {
    async getCourse() {
      return courseView;
    },
    async getProgress() {
      return view(store.get());
    },
    async updateSettings(patch: Partial<Settings>) {
      if (patch.lastLessonId !== undefined) model.lesson(patch.lastLessonId);
      const v = changed(await store.update((d) => Object.assign(d.settings, patch)));
      if (patch.watchIntervalSeconds !== undefined || patch.watchPaused !== undefined) live.settingsChanged();
      return v;
    },
    async completeLesson(lessonId: string) {
      const l = model.lesson(lessonId);
      if (l.checks.length > 0) {
        throw new ApiError('FAILED_PRECONDITION', `"${l.title}" has checks: it completes when they pass (Check my work)`);
      }
      const state = view(store.get()).states[lessonId];
      if (state === 'locked') throw new ApiError('FAILED_PRECONDITION', `"${l.title}" is locked: finish the lessons it requires first`);
      await model.updateLesson(lessonId, markCompleted);
      return view(store.get());
    },
    listHosts: () => hosts.listHosts(),
    secretStorage: async () => ({ level: secrets.level, description: secrets.description }),
    saveHost: (profile) => hosts.saveHost(profile),
    deleteHost: (role) => hosts.deleteHost(role),
    importSshConfig: () => hosts.importSshConfig(),
    testHost: (role) => hosts.testHost(role),
    acceptHostKey: (role, fingerprint) => hosts.acceptHostKey(role, fingerprint),
    rejectHostKey: (role) => hosts.rejectHostKey(role),
    forgetHostKey: (role) => hosts.forgetHostKey(role),
    openTerminal: (target) => terminals.openTerminal(target),
    writeTerminal: (terminalId, data) => terminals.writeTerminal(terminalId, data),
    resizeTerminal: (terminalId, cols, rows) => terminals.resizeTerminal(terminalId, cols, rows),
    ackTerminal: (terminalId, chars) => terminals.ackTerminal(terminalId, chars),
    closeTerminal: (terminalId) => terminals.closeTerminal(terminalId),
    reconnectTerminal: (terminalId) => terminals.reconnectTerminal(terminalId),
    listTerminals: () => terminals.listTerminals(),
    terminalStats: (terminalId) => terminals.terminalStats(terminalId),
    getVariables: () => blocks.getVariables(),
    runBlock: (lessonId, blockId) => blocks.runBlock(lessonId, blockId),
    interrupt: (terminalId) => blocks.interrupt(terminalId),
    runLesson: (lessonId) => blocks.runLesson(lessonId),
    planCatchUp: (lessonId) => blocks.planCatchUp(lessonId),
    catchUp: (lessonId) => blocks.catchUp(lessonId),
    cancelSequence: () => blocks.cancelSequence(),
    listArtifacts: () => artifacts.listArtifacts(),
    importArtifacts: (folder) => artifacts.importArtifacts(folder),
    downloadArtifacts: (ids) => artifacts.downloadArtifacts(ids),
    uploadArtifacts: (role) => artifacts.uploadArtifacts(role),
    runChecks: (lessonId) => checkpoints.runChecks(lessonId),
    watchNow: () => live.watchNow(),
    async listCertificates() {
      return listCertificates({
        access,
        roles: (await hosts.listHosts()).filter((h) => h.hostKey).map((h) => h.role),
        hostname: (role) => model.hostname(role),
        certDir: await model.resolve('{{certDir}}', 'The certificates folder'),
      });
    },
    planReset: (lessonId) => checkpoints.planReset(lessonId),
    async resetLesson(lessonId: string) {
      await checkpoints.reset(lessonId);
      return view(store.get());
    },
    startDrill: async (drillId) => (await drills.start(drillId), view(store.get())),
    drillHints: (drillId, more) => drills.hints(drillId, more),
    showDrillAnswer: async (drillId) => (await drills.showAnswer(drillId), view(store.get())),
    checkDrill: async (drillId) => (await drills.check(drillId), view(store.get())),
    undoDrill: async (drillId) => (await drills.undo(drillId), view(store.get())),
    runDrillBlock: (drillId, blockId) => drills.runBlock(drillId, blockId),
    drillDetails: async (drillId) => drills.details(drillId),
  };
  return {
    ...api,
    events,
    notices,
    // The operations as one window or socket sees them: its terminals' output is counted
    // against its own acknowledgements (terminal-session.ts).
    forViewer: (viewer) => ({
      ...api,
      openTerminal: (target) => terminals.openTerminal(target, viewer),
      ackTerminal: (terminalId, chars) => terminals.ackTerminal(terminalId, chars, viewer),
    }),
    viewerGone: (viewer) => terminals.viewerGone(viewer),
    async dispose() {
      clearTimeout(watching);
      offLive();
      live.dispose();
      reloader.close();
      stopNotices();
      blocks.dispose();
      await terminals.dispose();
      await hosts.dispose();
    },
  };
}
