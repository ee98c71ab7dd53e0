// Whole-lesson runs and catch-up as the lesson header shows them. Pure.
import type { SequenceEvent, SequencePlanStep } from '../../../common/api';
import type { Course } from '../../../common/course';

/** A sequence as the renderer follows it: core's last event, or 'starting' before the first. */
export interface SequenceView {
  kind: SequenceEvent['kind'];
  lessonId: string;
  state: 'starting' | SequenceEvent['state'];
  done: number;
  total: number;
  failedBlockId?: string;
  /** Catch-up: the steps confirmed in the dialog (to name a failed block of another lesson). */
  plan?: SequencePlanStep[];
  /** Stop was pressed; core stops after the current block. */
  stopping?: boolean;
  /** runLesson / catchUp was refused. */
  error?: string;
}

export function isRunning(s: SequenceView | null | undefined): boolean {
  return s !== null && s !== undefined && (s.state === 'starting' || s.state === 'running');
}

export function applySequenceEvent(prev: SequenceView | null, e: SequenceEvent): SequenceView {
  const same = prev && prev.kind === e.kind && prev.lessonId === e.lessonId;
  return {
    kind: e.kind,
    lessonId: e.lessonId,
    state: e.state,
    done: e.done,
    total: e.total,
    ...(e.failedBlockId ? { failedBlockId: e.failedBlockId } : {}),
    ...(same && prev.plan ? { plan: prev.plan } : {}),
    ...(same && prev.stopping && e.state === 'running' ? { stopping: true } : {}),
  };
}

/** The block a failed sequence stopped at, with its lesson. */
export function failedStep(course: Course, s: SequenceView): { lessonId: string; blockId: string; title: string } | undefined {
  if (!s.failedBlockId) return undefined;
  const fromPlan = s.plan?.[s.done];
  const lessonId = fromPlan?.blockId === s.failedBlockId ? fromPlan.lessonId : s.kind === 'lesson' ? s.lessonId : undefined;
  const lesson =
    course.lessons.find((l) => l.id === lessonId && l.blocks.some((b) => b.id === s.failedBlockId)) ??
    course.lessons.find((l) => l.blocks.some((b) => b.id === s.failedBlockId));
  const block = lesson?.blocks.find((b) => b.id === s.failedBlockId);
  if (!lesson || !block) return { lessonId: lessonId ?? s.lessonId, blockId: s.failedBlockId, title: s.failedBlockId };
  return { lessonId: lesson.id, blockId: block.id, title: block.title ?? `the block on line ${block.line}` };
}

/** One line for the progress bar. */
export function sequenceText(course: Course, s: SequenceView): string {
  const noun = (n: number) => (n === 1 ? 'block' : 'blocks');
  switch (s.state) {
    case 'starting':
      return s.kind === 'catch-up' ? 'Starting to catch up…' : 'Starting…';
    case 'running':
      if (s.stopping) return `Stopping after block ${Math.min(s.done + 1, s.total)} of ${s.total}…`;
      return `Running ${Math.min(s.done + 1, s.total)} of ${s.total}…`;
    case 'finished':
      return s.kind === 'catch-up'
        ? `Caught up: ${s.total === 1 ? 'the one block' : `all ${s.total} blocks`} of the earlier lessons ran.`
        : `Done: ${s.total === 1 ? 'the one block' : `all ${s.total} blocks`} ran.`;
    case 'cancelled':
      return `Stopped after ${s.done} of ${s.total} ${noun(s.total)}, as you asked.`;
    case 'failed': {
      const step = failedStep(course, s);
      return step ? `Stopped at “${step.title}”: it failed` : `Stopped after ${s.done} of ${s.total} ${noun(s.total)}: a block failed`;
    }
  }
}

/** The catch-up plan grouped by lesson, in order. */
export function groupPlan(plan: readonly SequencePlanStep[]): { lessonId: string; lessonTitle: string; steps: SequencePlanStep[] }[] {
  const groups: { lessonId: string; lessonTitle: string; steps: SequencePlanStep[] }[] = [];
  for (const step of plan) {
    const last = groups.at(-1);
    if (last?.lessonId === step.lessonId) last.steps.push(step);
    else groups.push({ lessonId: step.lessonId, lessonTitle: step.lessonTitle, steps: [step] });
  }
  return groups;
}

/** Catch-up is offered on lessons after the first lesson with blocks. */
export function offersCatchUp(course: Course, lessonId: string): boolean {
  const first = course.lessons.findIndex((l) => l.blocks.length > 0);
  const here = course.lessons.findIndex((l) => l.id === lessonId);
  return first >= 0 && here > first;
}
