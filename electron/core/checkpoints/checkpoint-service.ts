// Checkpoints: a lesson's checks run over the hosts' SSH connections, their results gate
// the next lessons, earlier passes are re-verified at start, and a reset undoes a lesson
// on the VMs (in the learner's terminals) and closes the lessons that depend on it.
import type { Api, CheckResult, ResetPlan } from '../../../common/api';
import type { CheckSpec, Course, Lesson } from '../../../common/course';
import { ApiError } from '../../../common/errors';
import { lessonStates } from '../../../common/lesson-state';
import { type VariableValue, resolveVariables } from '../../../common/variables';
import type { BlockService } from '../blocks/block-service';
import { type HostAccess, runLessonChecks } from '../checks';
import { type CourseModel, describeMissing, markCompleted } from '../course/course-model';
import type { EventBus } from '../events';

export type CheckpointOps = Pick<Api, 'runChecks' | 'planReset'>;

export interface CheckpointDeps {
  model: CourseModel;
  events: EventBus;
  access: HostAccess;
  /** Reset steps run in the hosts' terminals, where the learner sees them. */
  blocks: Pick<BlockService, 'runText'>;
  /** Roles whose host key is already trusted (re-verification never prompts). */
  trustedRoles(): Promise<string[]>;
}

export interface CheckpointService extends CheckpointOps {
  /** Runs the reset steps in the hosts' terminals, then clears this lesson's and its dependents' progress. */
  reset(lessonId: string): Promise<void>;
  /** Re-runs the checks of every passed lesson, quietly, and flags those that now fail. */
  reverify(): Promise<void>;
  /** After a lesson's blocks ran: its checks, or completion for a lesson without checks. */
  lessonBlocksDone(lessonId: string): Promise<void>;
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

export function createCheckpointService(deps: CheckpointDeps): CheckpointService {
  const { model, events } = deps;
  const { course } = model;
  const running = new Map<string, Promise<CheckResult[]>>();
  const roleFor = (host: string) => model.role(host);

  async function check(l: Lesson, quiet: boolean): Promise<CheckResult[]> {
    const values = await model.values();
    const runnable: CheckSpec[] = [];
    const results: CheckResult[] = [];
    const at = () => new Date().toISOString();
    if (!quiet) events.emit('checks:started', { lessonId: l.id, checkIds: l.checks.map((c) => c.id) });
    for (const spec of l.checks) {
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
    await model.updateLesson(l.id, (entry) => {
      entry.checks = Object.fromEntries(results.map((r) => [r.checkId, { outcome: r.outcome, at: r.at, message: r.message, ...(r.warning ? { warning: r.warning } : {}) }]));
      if (results.every((r) => r.outcome === 'pass')) markCompleted(entry);
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
      await model.updateProgress((d) => {
        for (const id of [lessonId, ...dependentsOf(course, lessonId)]) delete d.lessons[id];
      });
    },
    async reverify() {
      const trusted = new Set(await deps.trustedRoles());
      const { lessons } = model.progress();
      const passed = course.lessons.filter((l) => lessons[l.id]?.completedAt && l.checks.length > 0);
      for (const l of passed) {
        if (!l.checks.every((c) => trusted.has(roleFor(c.host)) || c.host === 'local')) continue;
        try {
          await runChecks(l.id, true);
        } catch {
          // A lesson that cannot be checked now keeps its last results.
        }
      }
    },
    async lessonBlocksDone(lessonId) {
      const l = model.lesson(lessonId);
      if (l.checks.length > 0) await runChecks(lessonId).catch(() => undefined);
      else await model.updateLesson(lessonId, markCompleted);
    },
  };
}
