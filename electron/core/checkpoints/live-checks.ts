// Live checkpoints: checks that follow the learner and watch what already passed.
//  - After a command ends in a host's terminal (or a block finishes there), the current
//    lesson's watched checks on that host run again, debounced, quietly. When they all
//    pass, the lesson's other checks run once, so the lesson can pass by itself.
//  - Passed lessons are re-verified in the background, per host round robin, staggered so
//    that each is re-checked about every `watchIntervalSeconds`; at once on watchNow (a
//    page load, a reconnect).
// Budget: at most one batch per host in flight; nothing runs on a host while a block runs
// there (or a lesson run / catch-up goes on); a host whose checks do not reach it backs
// off; checks with watch: false, a timeout over 15 s or the internet never run here.
import type { CheckResult } from '../../../common/api';
import type { Course, Lesson } from '../../../common/course';
import { lessonStates } from '../../../common/lesson-state';
import { isWatched } from '../../../common/live-checks';
import type { LessonState, ProgressFile } from '../../../common/progress';

export interface LiveChecksDeps {
  course: Course;
  progress(): ProgressFile;
  /** The role a check's host runs on (`any` → the first host). */
  role(host: string): string;
  /** Runs these checks of a lesson quietly and stores them; `background` drops results of a lesson no longer passed. */
  runBatch(lessonId: string, checkIds: string[], background: boolean): Promise<CheckResult[]>;
  /** A block (or a lesson run, a catch-up, a reset) is running on this host. */
  busy(role: string): boolean;
  /** Hosts the app may reach without asking anyone (their key is trusted). */
  reachableRoles(): Promise<string[]>;
  /** A lesson's state changed because of a live run (for notices). */
  onStateChange?(lessonId: string, from: LessonState, to: LessonState): void;
  /** After a learner's command: how long the terminal stays quiet before checks run. */
  debounceMs?: number;
  /** Least time between two background batches on one host. */
  minGapMs?: number;
}

export const DEFAULT_DEBOUNCE_MS = 1_500;
export const DEFAULT_MIN_GAP_MS = 250;
/** A host that did not answer is tried again after this, doubling up to the maximum. */
const BACKOFF_START_MS = 5_000;
const BACKOFF_MAX_MS = 60_000;

interface HostLoop {
  timer?: ReturnType<typeof setTimeout>;
  debounce?: ReturnType<typeof setTimeout>;
  inFlight: boolean;
  /** A follow-the-learner batch waits for its turn. */
  followPending: boolean;
  /** Background lessons left to check back to back (watchNow). */
  sweep: number;
  cursor: number;
  backoffMs: number;
}

export class LiveChecks {
  private readonly hosts = new Map<string, HostLoop>();
  private readonly debounceMs: number;
  private readonly minGapMs: number;
  private disposed = false;
  /** Batches run so far (the benchmark counts them). */
  batches = 0;

  constructor(private readonly deps: LiveChecksDeps) {
    this.debounceMs = deps.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.minGapMs = deps.minGapMs ?? DEFAULT_MIN_GAP_MS;
  }

  /** A command ended (or a block finished) in a host's terminal: follow it, debounced. */
  commandEnded(role: string): void {
    if (this.disposed) return;
    const loop = this.loop(role);
    clearTimeout(loop.debounce);
    loop.debounce = setTimeout(() => {
      loop.debounce = undefined;
      if (this.followChecks(role).length === 0) return;
      loop.followPending = true;
      this.kick(role);
    }, this.debounceMs);
  }

  /** Re-verifies every passed lesson now (page load, reconnect), on each host or one. */
  async watchNow(role?: string): Promise<void> {
    if (this.disposed) return;
    const roles = role ? [role] : await this.deps.reachableRoles();
    for (const r of roles) {
      const loop = this.loop(r);
      loop.sweep = this.watchedLessons(r).length;
      loop.backoffMs = 0;
      this.kick(r);
    }
  }

  /** Starts the background loop of each reachable host that has none going (after start, a pass, a new key). */
  async ensureRunning(): Promise<void> {
    for (const r of await this.deps.reachableRoles()) {
      const loop = this.loop(r);
      if (!loop.inFlight && !loop.timer && !this.disposed) this.schedule(r, this.gapMs(r));
    }
  }

  /** The interval or pause changed: every idle loop picks the new timing up now. */
  settingsChanged(): void {
    for (const [role, loop] of this.hosts) if (!loop.inFlight) this.schedule(role, this.gapMs(role));
    void this.ensureRunning();
  }

  dispose(): void {
    this.disposed = true;
    for (const loop of this.hosts.values()) {
      clearTimeout(loop.timer);
      clearTimeout(loop.debounce);
    }
  }

  /** Passed lessons with watched checks on this host, in course order. */
  watchedLessons(role: string): { lesson: Lesson; checkIds: string[] }[] {
    const lessons = this.deps.progress().lessons;
    const out: { lesson: Lesson; checkIds: string[] }[] = [];
    for (const lesson of this.deps.course.lessons) {
      if (!lessons[lesson.id]?.completedAt) continue;
      const checkIds = lesson.checks.filter((c) => isWatched(c) && this.deps.role(c.host) === role).map((c) => c.id);
      if (checkIds.length) out.push({ lesson, checkIds });
    }
    return out;
  }

  /** The current lesson's watched checks on this host (none when it is locked). */
  private followChecks(role: string): string[] {
    const lesson = this.currentLesson();
    if (!lesson) return [];
    return lesson.checks.filter((c) => isWatched(c) && this.deps.role(c.host) === role).map((c) => c.id);
  }

  private currentLesson(): Lesson | undefined {
    const p = this.deps.progress();
    const lesson = this.deps.course.lessons.find((l) => l.id === p.settings.lastLessonId);
    if (!lesson || lesson.checks.length === 0) return undefined;
    return lessonStates(this.deps.course, p.lessons)[lesson.id] === 'locked' ? undefined : lesson;
  }

  private loop(role: string): HostLoop {
    let loop = this.hosts.get(role);
    if (!loop) {
      loop = { inFlight: false, followPending: false, sweep: 0, cursor: 0, backoffMs: 0 };
      this.hosts.set(role, loop);
    }
    return loop;
  }

  /** Runs the host's next batch now if it is free; else it runs when the current one ends. */
  private kick(role: string): void {
    const loop = this.loop(role);
    if (loop.inFlight || this.disposed) return;
    clearTimeout(loop.timer);
    void this.tick(role);
  }

  private schedule(role: string, delayMs: number): void {
    if (this.disposed) return;
    const loop = this.loop(role);
    clearTimeout(loop.timer);
    loop.timer = setTimeout(() => void this.tick(role), delayMs);
  }

  /** Time until the next background batch on this host. */
  private gapMs(role: string): number {
    const loop = this.loop(role);
    if (loop.backoffMs > 0) return loop.backoffMs;
    if (loop.sweep > 0 || loop.followPending) return 0;
    const count = Math.max(1, this.watchedLessons(role).length);
    return Math.max(this.minGapMs, (this.deps.progress().settings.watchIntervalSeconds * 1000) / count);
  }

  private async tick(role: string): Promise<void> {
    const loop = this.loop(role);
    loop.timer = undefined;
    if (this.disposed || loop.inFlight) return;
    if (this.deps.busy(role)) {
      // A block runs there: look again soon (its end also calls commandEnded).
      this.schedule(role, Math.max(this.minGapMs, 500));
      return;
    }
    const paused = this.deps.progress().settings.watchPaused;
    let job: { lessonId: string; checkIds: string[]; background: boolean } | undefined;
    if (loop.followPending) {
      loop.followPending = false;
      const lesson = this.currentLesson();
      const checkIds = this.followChecks(role);
      if (lesson && checkIds.length) job = { lessonId: lesson.id, checkIds, background: false };
    }
    if (!job && !paused) {
      const watched = this.watchedLessons(role);
      if (watched.length === 0) {
        loop.sweep = 0;
        return; // Nothing to watch here: a pass or watchNow starts the loop again.
      }
      const next = watched[loop.cursor % watched.length] as (typeof watched)[number];
      loop.cursor = (loop.cursor + 1) % watched.length;
      if (loop.sweep > 0) loop.sweep -= 1;
      job = { lessonId: next.lesson.id, checkIds: next.checkIds, background: true };
    }
    if (!job) return;
    loop.inFlight = true;
    this.batches += 1;
    const started = Date.now();
    try {
      const before = this.states();
      const results = await this.deps.runBatch(job.lessonId, job.checkIds, job.background);
      // A host none of whose checks answered backs off; one answer resets it.
      const unreached = results.length > 0 && results.every((r) => r.outcome === 'unreachable');
      // A host that answers again after backing off has reconnected: re-check all of it now.
      if (!unreached && loop.backoffMs > 0) loop.sweep = this.watchedLessons(role).length;
      loop.backoffMs = unreached ? Math.min(BACKOFF_MAX_MS, Math.max(BACKOFF_START_MS, loop.backoffMs * 2)) : 0;
      if (!job.background && !unreached) await this.confirm(job.lessonId);
      this.report(before, this.states());
    } catch {
      // The lesson could not be checked now (a variable missing, a reset under way): keep going.
    } finally {
      loop.inFlight = false;
    }
    // The stagger counts from a batch's start: slow batches do not stretch the interval, and
    // when they take longer than the gap they run back to back (still one at a time).
    if (!this.disposed && (loop.followPending || !paused)) {
      const gap = this.gapMs(role);
      this.schedule(role, gap === 0 || loop.backoffMs > 0 ? gap : Math.max(this.minGapMs, gap - (Date.now() - started)));
    }
  }

  /** When every watched check of an unpassed lesson passes, its other checks run once. */
  private async confirm(lessonId: string): Promise<void> {
    const lesson = this.deps.course.lessons.find((l) => l.id === lessonId);
    const entry = this.deps.progress().lessons[lessonId];
    if (!lesson || !entry || entry.completedAt) return;
    const watched = lesson.checks.filter(isWatched);
    if (!watched.every((c) => entry.checks[c.id]?.outcome === 'pass')) return;
    const rest = lesson.checks.filter((c) => !isWatched(c) && entry.checks[c.id]?.outcome !== 'pass').map((c) => c.id);
    if (rest.length) await this.deps.runBatch(lessonId, rest, false);
  }

  private states(): Record<string, LessonState> {
    return lessonStates(this.deps.course, this.deps.progress().lessons);
  }

  private report(before: Record<string, LessonState>, after: Record<string, LessonState>): void {
    for (const [id, to] of Object.entries(after)) {
      const from = before[id];
      if (from && from !== to) this.deps.onStateChange?.(id, from, to);
    }
  }
}
