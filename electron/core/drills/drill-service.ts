// Troubleshooting drills: a drill breaks the learner's cluster on purpose and the checks it
// names prove the repair. The order of a start is the point: the lessons it needs are
// checked afresh and must pass, the fault is RECORDED in progress, and only then injected
// (quietly, over the checks' connections), so that an app restart or a dropped link in the
// middle still shows the drill as active with Undo. While a drill is active, the checks of
// its lessons show pass or fail only, and their regression notices are muted (drill-mask.ts).
import type { CheckResult, DrillHints } from '../../../common/api';
import { type CopyItem, parseCopyList } from '../../../common/copy-list';
import type { Course } from '../../../common/course';
import { type Drill, type DrillAttempt, type DrillDetails, type DrillProgress, drillLessons, isCopyStep, provedStates } from '../../../common/drill';
import { ApiError, messageOf } from '../../../common/errors';
import { type CopiedFile, verifyScript } from '../blocks/copy-files';
import type { ProgressFile } from '../../../common/progress';
import type { HostAccess } from '../checks';
import type { CourseModel } from '../course/course-model';
import type { EventBus } from '../events';
import { courseDrills } from '../lessons/course-drills';

/** How long one inject or undo step may take. */
export const DRILL_STEP_TIMEOUT_MS = 120_000;

export interface DrillDeps {
  model: CourseModel;
  events: EventBus;
  access: Pick<HostAccess, 'exec'>;
  checkpoints: {
    runChecks(lessonId: string): Promise<CheckResult[]>;
    runBatch(lessonId: string, checkIds: string[], background: boolean): Promise<CheckResult[]>;
  };
  /** A fix block runs in the host's terminal, where the learner sees it. */
  runInTerminal(role: string, text: string): Promise<{ lastExitCode: number | null; reason?: string }>;
  /** Carries files from one VM to the same paths on another (copy steps, and copy blocks of the fix). */
  copy(fromRole: string, toRole: string, items: CopyItem[]): Promise<CopiedFile[]>;
  now?: () => Date;
}

export interface DrillService {
  start(drillId: string): Promise<void>;
  /** The hints given so far; `more` gives the next one. After the last, what the failing checks say. */
  hints(drillId: string, more: boolean): Promise<DrillHints>;
  showAnswer(drillId: string): Promise<void>;
  /** The explanation and the inject and undo steps: only after Show me, or once a try ended. */
  details(drillId: string): DrillDetails;
  /** Runs the proved checks now; a drill whose checks all pass is solved. */
  check(drillId: string): Promise<void>;
  undo(drillId: string): Promise<void>;
  runBlock(drillId: string, blockId: string): Promise<{ exitCode: number | null }>;
  /** The drill under way, if any. */
  active(): Drill | undefined;
  /** Solved when every proved check passed since the fault went in (called after each progress change). */
  evaluate(): Promise<void>;
}

/** An inject or undo step, resolved: a command on a role, or files carried to it from another. */
type Step = { role: string; run: string } | { role: string; from: string; items: CopyItem[] };

export function findDrill(course: Course, drillId: string): Drill {
  const d = courseDrills(course).find((x) => x.id === drillId);
  if (!d) throw new ApiError('NOT_FOUND', `no drill "${drillId}" in this course`);
  return d;
}

/** The drill that progress says is under way (at most one). */
export function activeDrill(course: Course, progress: ProgressFile): Drill | undefined {
  const id = Object.entries(progress.drills ?? {}).find(([, p]) => p.active)?.[0];
  return id === undefined ? undefined : courseDrills(course).find((d) => d.id === id);
}

export function createDrillService(deps: DrillDeps): DrillService {
  const { model } = deps;
  const { course } = model;
  const now = deps.now ?? (() => new Date());
  const entry = (d: ProgressFile, id: string): DrillProgress => (d.drills[id] ??= { attempts: [] });
  const activeOf = (drillId: string) => {
    const drill = findDrill(course, drillId);
    const active = model.progress().drills?.[drillId]?.active;
    if (!active) throw new ApiError('FAILED_PRECONDITION', `"${drill.title}" is not under way: start it first.`);
    return { drill, active };
  };
  let busy = false;

  /** The copy list of a copy step or block, with its variables filled in and its paths checked again. */
  async function copyItems(text: string, what: string): Promise<CopyItem[]> {
    const { items, problems } = parseCopyList(await model.resolve(text, what));
    if (problems.length) throw new ApiError('FAILED_PRECONDITION', `${what} cannot copy: ${problems.map((p) => p.message).join('; ')}.`);
    return items;
  }

  async function resolveSteps(drill: Drill, which: 'inject' | 'undo'): Promise<Step[]> {
    const steps: Step[] = [];
    for (const step of drill[which]) {
      const what = `"${drill.title}"`;
      steps.push(isCopyStep(step)
        ? { role: model.role(step.host), from: model.role(step.from), items: await copyItems(step.copy, what) }
        : { role: model.role(step.host), run: await model.resolve(step.run, what) });
    }
    return steps;
  }

  async function runSteps(steps: Step[], what: string): Promise<string | undefined> {
    for (const step of steps) {
      if ('items' in step) {
        try {
          await deps.copy(step.from, step.role, step.items);
        } catch (err) {
          return `${what}: copying from ${model.hostname(step.from)} to ${model.hostname(step.role)} failed: ${messageOf(err)}`;
        }
        continue;
      }
      try {
        const r = await deps.access.exec(step.role, step.run, { timeoutMs: DRILL_STEP_TIMEOUT_MS });
        if (r.code !== 0) {
          const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-5).join('\n');
          return `${what} on ${model.hostname(step.role)} exited with ${r.code ?? r.signal ?? 'no status'}${tail ? `: ${tail}` : ''}`;
        }
      } catch (err) {
        return `${what} on ${model.hostname(step.role)} failed: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
    return undefined;
  }

  /** Runs the proved checks quietly (their results go to progress, where the drill reads them). */
  async function runProved(drill: Drill): Promise<void> {
    const byLesson = new Map<string, string[]>();
    for (const p of drill.proves) byLesson.set(p.lessonId, [...(byLesson.get(p.lessonId) ?? []), p.checkId]);
    await Promise.all([...byLesson].map(([lessonId, ids]) => deps.checkpoints.runBatch(lessonId, ids, false)));
  }

  /** Ends the drill under way; false when another call ended it first. */
  async function finish(drill: Drill, outcome: DrillAttempt['outcome']): Promise<boolean> {
    const end = now();
    let ended = false;
    await model.updateProgress((d) => {
      const e = entry(d, drill.id);
      const a = e.active;
      if (!a) return;
      ended = true;
      const from = a.injectedAt ?? a.startedAt;
      e.attempts.push({
        startedAt: a.startedAt, endedAt: end.toISOString(), seconds: Math.max(0, Math.round((end.getTime() - Date.parse(from)) / 1000)),
        hintsUsed: a.hintsUsed, answerShown: a.answerShown, outcome,
      });
      delete e.active;
    });
    return ended;
  }

  async function evaluate(): Promise<void> {
    const drill = activeDrill(course, model.progress());
    if (!drill || busy) return;
    const active = model.progress().drills[drill.id]?.active;
    if (!active?.injectedAt || active.injectFailed) return;
    if (provedStates(drill, model.progress().lessons, model.progress().drills[drill.id]).every((s) => s === 'pass')) {
      // Two evaluations may see the last check pass at once: one of them ends the drill.
      if (!(await finish(drill, 'solved'))) return;
      deps.events.emit('notice', { level: 'info', message: `“${drill.title}” solved: every check it broke passes again.` });
      // The lessons' other checks again, so that their state (and the sidebar) is current.
      for (const id of drillLessons(drill)) void deps.checkpoints.runChecks(id).catch(() => undefined);
    }
  }

  return {
    active: () => activeDrill(course, model.progress()),
    evaluate,
    async start(drillId) {
      const drill = findDrill(course, drillId);
      const other = activeDrill(course, model.progress());
      if (other) throw new ApiError('FAILED_PRECONDITION', `“${other.title}” is still under way: solve it or undo its fault first.`);
      // A lesson that passed once may be failing now: the fresh check below decides.
      const notPassed = drill.requires.filter((id) => !model.progress().lessons[id]?.completedAt);
      if (notPassed.length) {
        const titles = notPassed.map((id) => `“${model.lesson(id).title}”`).join(', ');
        throw new ApiError('FAILED_PRECONDITION', `This drill needs ${titles} passing first.`);
      }
      const inject = await resolveSteps(drill, 'inject');
      await resolveSteps(drill, 'undo');
      busy = true;
      try {
        // A fresh check: the fault goes only into a cluster that works right now.
        for (const id of drill.requires) {
          const results = await deps.checkpoints.runChecks(id);
          const failing = results.filter((r) => r.outcome !== 'pass');
          if (failing.length) {
            throw new ApiError('FAILED_PRECONDITION', `“${model.lesson(id).title}” does not pass right now (${failing.map((r) => r.checkId).join(', ')}): fix that first, then start the drill.`);
          }
        }
        // Recorded before it is injected: a restart in between still knows.
        await model.updateProgress((d) => {
          entry(d, drill.id).active = { startedAt: now().toISOString(), hintsUsed: 0, answerShown: false };
        });
        const failed = await runSteps(inject, 'Breaking the cluster');
        await model.updateProgress((d) => {
          const a = entry(d, drill.id).active;
          if (!a) return;
          a.injectedAt = now().toISOString();
          if (failed) a.injectFailed = failed;
        });
        if (!failed) await runProved(drill);
      } finally {
        busy = false;
      }
    },
    async hints(drillId, more) {
      const { drill } = activeOf(drillId);
      // The authored hints, then one more: what the failing checks say.
      if (more) {
        await model.updateProgress((d) => {
          const a = entry(d, drill.id).active;
          if (a) a.hintsUsed = Math.min(drill.hints.length + 1, a.hintsUsed + 1);
        });
      }
      const used = model.progress().drills[drill.id]?.active?.hintsUsed ?? 0;
      const out: DrillHints = { hints: drill.hints.slice(0, used), more: used <= drill.hints.length };
      if (used > drill.hints.length) {
        const lessons = model.progress().lessons;
        out.checkMessages = drill.proves.flatMap(({ lessonId, checkId }) => {
          const r = lessons[lessonId]?.checks[checkId];
          const title = model.lesson(lessonId).checks.find((c) => c.id === checkId)?.title ?? checkId;
          return r && r.outcome !== 'pass' ? [`${title}: ${r.message ?? r.outcome}`] : [];
        });
      }
      return out;
    },
    details(drillId) {
      const drill = findDrill(course, drillId);
      const p = model.progress().drills?.[drillId];
      // Earned by Show me during a try, or by a try that ended (solved or undone).
      const earned = p?.active ? p.active.answerShown : (p?.attempts.length ?? 0) > 0;
      if (!earned) throw new ApiError('FAILED_PRECONDITION', `The cause and the fix of “${drill.title}” are shown after Show me, or once a try has ended.`);
      return { blocks: drill.blocks, segments: drill.segments, inject: drill.inject, undo: drill.undo };
    },
    async showAnswer(drillId) {
      const { drill } = activeOf(drillId);
      await model.updateProgress((d) => {
        const a = entry(d, drill.id).active;
        if (a) a.answerShown = true;
      });
    },
    async check(drillId) {
      const { drill } = activeOf(drillId);
      await runProved(drill);
      await evaluate();
    },
    async undo(drillId) {
      const drill = findDrill(course, drillId);
      if (!model.progress().drills?.[drillId]?.active) throw new ApiError('FAILED_PRECONDITION', `“${drill.title}” is not under way: there is no fault to undo.`);
      const steps = await resolveSteps(drill, 'undo');
      busy = true;
      try {
        const failed = await runSteps(steps, 'Undoing the fault');
        if (failed) throw new ApiError('FAILED_PRECONDITION', `${failed}. The drill stays active: try Undo again once the machine answers.`);
        await finish(drill, 'undone');
      } finally {
        busy = false;
      }
      // The lessons' checks again, so that their state (and the sidebar) is current.
      for (const id of drillLessons(drill)) await deps.checkpoints.runChecks(id).catch(() => undefined);
    },
    async runBlock(drillId, blockId) {
      const drill = findDrill(course, drillId);
      const block = drill.blocks.find((b) => b.id === blockId);
      if (!block) throw new ApiError('NOT_FOUND', `no block "${blockId}" in drill "${drillId}"`);
      const what = block.title ? `"${block.title}"` : 'This block';
      const role = model.role(block.host);
      // A copy block carries its files first; the host's terminal then checks what arrived.
      const text = block.copyFrom === undefined
        ? await model.resolve(block.code, what)
        : verifyScript(model.hostname(model.role(block.copyFrom)), await deps.copy(model.role(block.copyFrom), role, await copyItems(block.code, what)));
      const r = await deps.runInTerminal(role, text);
      if (model.progress().drills?.[drillId]?.active) {
        await runProved(drill);
        await evaluate();
      }
      return { exitCode: r.lastExitCode };
    },
  };
}
