// The core service: implements the contract on top of the lesson loader and the progress
// store. Hosts (Electron main, browser server) create one and forward its events.
import type { Api, CourseView, HostProfile } from '../../common/api';
import { ApiError, notImplemented } from '../../common/errors';
import { lessonStates } from '../../common/lesson-state';
import type { ProgressFile, ProgressView, Settings } from '../../common/progress';
import { EventBus } from './events';
import { loadCourse } from './lessons';
import { ProgressStore } from './progress/progress-store';

export interface CoreOptions {
  dataDir: string;
  lessonsDir: string;
}

export interface Core extends Api {
  readonly events: EventBus;
  /** Notices raised during start (e.g. a corrupt progress file moved aside). */
  readonly startupNotices: string[];
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const events = new EventBus();
  const store = new ProgressStore(options.dataDir);
  const loaded = await store.load();
  const courseView: CourseView = await loadCourse(options.lessonsDir);
  const startupNotices = loaded.notice ? [loaded.notice] : [];

  const view = (p: ProgressFile): ProgressView => ({
    lessons: p.lessons,
    settings: p.settings,
    states: lessonStates(courseView.course, p.lessons),
    notices: startupNotices,
  });
  const changed = (p: ProgressFile): ProgressView => {
    const v = view(p);
    events.emit('progress:changed', v);
    return v;
  };
  const lesson = (lessonId: string) => {
    const found = courseView.course.lessons.find((l) => l.id === lessonId);
    if (!found) throw new ApiError('NOT_FOUND', `no lesson "${lessonId}" in this course`);
    return found;
  };

  return {
    events,
    startupNotices,
    async getCourse() {
      return courseView;
    },
    async getProgress() {
      return view(store.get());
    },
    async updateSettings(patch: Partial<Settings>) {
      if (patch.lastLessonId !== undefined) lesson(patch.lastLessonId);
      return changed(await store.update((d) => Object.assign(d.settings, patch)));
    },
    async completeLesson(lessonId: string) {
      const l = lesson(lessonId);
      if (l.checks.length > 0) {
        throw new ApiError('FAILED_PRECONDITION', `"${l.title}" has checks: it completes when they pass (Check my work)`);
      }
      const state = view(store.get()).states[lessonId];
      if (state === 'locked') throw new ApiError('FAILED_PRECONDITION', `"${l.title}" is locked: finish the lessons it requires first`);
      return changed(
        await store.update((d) => {
          const entry = (d.lessons[lessonId] ??= { checks: {}, blocks: {} });
          entry.completedAt ??= new Date().toISOString();
        }),
      );
    },
    async listHosts() {
      return notImplemented('listHosts');
    },
    async saveHost(_profile: HostProfile) {
      return notImplemented('saveHost');
    },
    async testHost() {
      return notImplemented('testHost');
    },
    async acceptHostKey() {
      return notImplemented('acceptHostKey');
    },
    async openTerminal() {
      return notImplemented('openTerminal');
    },
    async writeTerminal() {
      return notImplemented('writeTerminal');
    },
    async resizeTerminal() {
      return notImplemented('resizeTerminal');
    },
    async ackTerminal() {
      return notImplemented('ackTerminal');
    },
    async closeTerminal() {
      return notImplemented('closeTerminal');
    },
    async runBlock(lessonId: string, blockId: string) {
      const l = lesson(lessonId);
      if (!l.blocks.some((b) => b.id === blockId)) throw new ApiError('NOT_FOUND', `no block "${blockId}" in lesson "${lessonId}"`);
      return notImplemented('runBlock');
    },
    async interrupt() {
      return notImplemented('interrupt');
    },
    async runChecks(lessonId: string) {
      lesson(lessonId);
      return notImplemented('runChecks');
    },
    async resetLesson(lessonId: string) {
      lesson(lessonId);
      return notImplemented('resetLesson');
    },
  };
}
