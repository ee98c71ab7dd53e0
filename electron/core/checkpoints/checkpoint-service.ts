// Checkpoints: a lesson's checks run over the hosts' SSH connections, their results gate
// the next lessons, live-checks.ts re-runs some of them as batches (after the learner's
// commands, and to watch passed lessons), and a reset undoes a lesson on the VMs (in the
// learner's terminals) and closes the lessons that depend on it.
import type { Api, CheckResult, ResetPlan } from '../../../common/api';
import type { CheckSpec, Course, Lesson } from '../../../common/course';
import { ApiError } from '../../../common/errors';
import { lessonStates } from '../../../common/lesson-state';
import { type VariableValue, resolveVariables } from '../../../common/variables';
import type { BlockService } from '../blocks/block-service';
import { type HostAccess, runLessonChecks } from '../checks';
import { type CourseModel, describeMissing, lessonEntry, markCompleted } from '../course/course-model';
import type { EventBus } from '../events';

export type CheckpointOps = Pick<Api, 'runChecks' | 'planReset'>;

export interface CheckpointDeps {
  model: CourseModel;
  events: EventBus;
  access: HostAccess;
  /** Reset steps run in the hosts' terminals, where the learner sees them. */
  blocks: Pick<BlockService, 'runText'>;
}

export interface CheckpointService extends CheckpointOps {
  /** Runs the reset steps in the hosts' terminals, then clears this lesson's and its dependents' progress. */
  reset(lessonId: string): Promise<void>;
  /**
   * Runs some checks of a lesson quietly and merges their results into progress (written
   * only when an outcome or message changed). A lesson whose every check passes completes.
   * `background`: the results of a lesson that is no longer passed (a reset) are dropped.
   */
  runBatch(lessonId: string, checkIds: string[], background: boolean): Promise<CheckResult[]>;
  /** After a lesson's blocks ran: its checks, or completion for a lesson without checks. */
  lessonBlocksDone(lessonId: string): Promise<void>;
  /**
   * After a lesson run or catch-up: these lessons' blocks all ran. One after another, in
   * course order, the reading lessons (no blocks, no checks) before each are marked done,
   * then its checks run.
   */
  sequenceLessonsDone(lessonIds: readonly string[]): Promise<void>;
}

/** Every string in a check spec with its {{variables}} filled in, or the variables missing. */
export function resolveSpec(spec: CheckSpec, values: Map<string, VariableValue>): { spec?: CheckSpec; missing: VariableValue[] } {
  const missing: VariableValue[] = [];
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const r = resolveVariables(v, values);
      if (r.text === undefined) {
        for (const m of r.missing) if (!missing.some((x) => x.name === m.name)) missing.push(m);
        return v;
      }
      return r.text;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const resolved = walk(spec) as CheckSpec;
  return missing.length ? { missing } : { spec: resolved, missing };
}

/** Lessons that require `lessonId`, directly or through others, in course order. */
export function dependentsOf(course: Course, lessonId: string): string[] {
  const found = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const l of course.lessons) {
      if (found.has(l.id) || l.id === lessonId) continue;
      if (l.requires.some((r) => r === lessonId || found.has(r))) {
        found.add(l.id);
        grew = true;
      }
    }
  }
  return course.lessons.filter((l) => found.has(l.id)).map((l) => l.id);
}

function sameResult(stored: { outcome: string; message?: string; warning?: string } | undefined, r: CheckResult): boolean {
  return stored !== undefined && stored.outcome === r.outcome && (stored.message ?? '') === r.message && (stored.warning ?? '') === (r.warning ?? '');
}

export function createCheckpointService(deps: CheckpointDeps): CheckpointService {
  const { model, events } = deps;
  const { course } = model;
  const running = new Map<string, Promise<CheckResult[]>>();
  const roleFor = (host: string) => model.role(host);

  // Bumped by a reset: a run that started before it must not bring the lesson's results back.
  const generations = new Map<string, number>();

  async function check(l: Lesson, quiet: boolean, subset?: readonly string[], background = false): Promise<CheckResult[]> {
    const generation = generations.get(l.id) ?? 0;
    const specs = subset ? l.checks.filter((c) => subset.includes(c.id)) : l.checks;
    const values = await model.values();
    const runnable: CheckSpec[] = [];
    const results: CheckResult[] = [];
    const at = () => new Date().toISOString();
    if (!quiet) events.emit('checks:started', { lessonId: l.id, checkIds: specs.map((c) => c.id) });
    for (const spec of specs) {
      const r = resolveSpec(spec, values);
      if (r.spec) {
        runnable.push(r.spec);
        continue;
      }
      const what = r.missing.map(describeMissing).join('; ');
      const result: CheckResult = { lessonId: l.id, checkId: spec.id, outcome: 'unreachable', message: `Cannot check yet: ${what}. Set up ${model.hostname(roleFor(spec.host))} in Hosts.`, at: at() };
      results.push(result);
      if (!quiet) events.emit('check:result', result);
    }
    const ran = await runLessonChecks(runnable, deps.access, {
      roleFor,
      onResult: (r) => {
        if (!quiet) events.emit('check:result', { lessonId: l.id, ...r });
      },
    });
    results.push(...ran.map((r) => ({ lessonId: l.id, ...r })));
    const order = l.checks.map((c) => c.id);
    results.sort((a, b) => order.indexOf(a.checkId) - order.indexOf(b.checkId));
    const stale = () => (generations.get(l.id) ?? 0) !== generation;
    if (stale()) return results;
    const stored = model.progress().lessons[l.id];
    if (background && !stored?.completedAt) return results;
    // A batch that changes nothing is not written (background re-checks run every few seconds).
    if (subset && stored && results.every((r) => sameResult(stored.checks[r.checkId], r))) return results;
    await model.updateProgress((d) => {
      if (stale() || (background && !d.lessons[l.id]?.completedAt)) return;
      const entry = lessonEntry(d, l.id);
      const fresh = Object.fromEntries(results.map((r) => [r.checkId, { outcome: r.outcome, at: r.at, message: r.message, ...(r.warning ? { warning: r.warning } : {}) }]));
      entry.checks = subset ? { ...entry.checks, ...fresh } : fresh;
      if (l.checks.every((c) => entry.checks[c.id]?.outcome === 'pass')) markCompleted(entry);
    });
    return results;
  }

  function runChecks(lessonId: string, quiet = false): Promise<CheckResult[]> {
    const l = model.lesson(lessonId);
    if (l.checks.length === 0) throw new ApiError('FAILED_PRECONDITION', `"${l.title}" has no checks: mark it as done instead.`);
    // One run per lesson at a time: a second click joins the running one.
    const existing = running.get(lessonId);
    if (existing) return existing;
    const run = check(l, quiet).finally(() => running.delete(lessonId));
    running.set(lessonId, run);
    return run;
  }

  async function planReset(lessonId: string): Promise<ResetPlan> {
    const l = model.lesson(lessonId);
    const values = await model.values();
    const { lessons } = model.progress();
    const states = lessonStates(course, lessons);
    const closes = dependentsOf(course, lessonId).filter((id) => states[id] !== 'locked' || lessons[id]);
    const steps: ResetPlan['steps'] = [];
    const blocked: string[] = [];
    for (const step of l.reset) {
      const role = roleFor(step.host);
      const r = resolveVariables(step.run, values);
      if (r.text === undefined) blocked.push(...r.missing.map(describeMissing));
      steps.push({ host: role, hostname: model.hostname(role), run: r.text ?? step.run });
    }
    return { lessonId, steps, closes, ...(blocked.length ? { blocked: `Cannot reset yet: ${[...new Set(blocked)].join('; ')}.` } : {}) };
  }

  async function lessonBlocksDone(lessonId: string): Promise<void> {
    const l = model.lesson(lessonId);
    if (l.checks.length > 0) await runChecks(lessonId).catch(() => undefined);
    else await model.updateLesson(lessonId, markCompleted);
  }

  return {
    runChecks: (lessonId) => runChecks(lessonId),
    planReset,
    async reset(lessonId) {
      const plan = await planReset(lessonId);
      if (plan.blocked) throw new ApiError('FAILED_PRECONDITION', plan.blocked);
      for (const step of plan.steps) {
        const result = await deps.blocks.runText(step.host, step.run);
        // A reset step is judged by its last command: authors end tolerant steps with `; true`
        // (undoing a half-done lesson meets files and units that are not there).
        if (result.lastExitCode !== 0) {
          throw new ApiError('FAILED_PRECONDITION', `The reset step on ${step.hostname} failed (${result.lastExitCode === null ? result.reason ?? 'no status' : `exit code ${result.lastExitCode}`}); your progress was kept. Look at the terminal of ${step.hostname}, fix what it shows, and reset again.${result.tail ? `\n${result.tail}` : ''}`);
        }
      }
      const cleared = [lessonId, ...dependentsOf(course, lessonId)];
      for (const id of cleared) generations.set(id, (generations.get(id) ?? 0) + 1);
      await model.updateProgress((d) => {
        for (const id of cleared) delete d.lessons[id];
      });
    },
    async runBatch(lessonId, checkIds, background) {
      const l = model.lesson(lessonId);
      // A full run of the lesson (Check my work) answers for these checks too.
      const full = running.get(lessonId);
      if (full) return (await full).filter((r) => checkIds.includes(r.checkId));
      return check(l, true, checkIds, background);
    },
    lessonBlocksDone,
    async sequenceLessonsDone(lessonIds) {
      const order = course.lessons.map((l) => l.id);
      const ids = [...lessonIds].sort((a, b) => order.indexOf(a) - order.indexOf(b));
      for (const id of ids) {
        const before = course.lessons.slice(0, order.indexOf(id));
        const reading = before.filter((l) => l.blocks.length === 0 && l.checks.length === 0 && !model.progress().lessons[l.id]?.completedAt);
        if (reading.length) {
          await model.updateProgress((d) => {
            for (const l of reading) markCompleted(lessonEntry(d, l.id));
          });
        }
        await lessonBlocksDone(id);
      }
    },
  };
}
