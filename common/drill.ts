// Troubleshooting drills: the app breaks the learner's cluster on purpose (inject), the
// learner finds the cause and repairs it, and the named checks of the lessons prove the
// repair. A drill is a Markdown file (lessons/drills/*.md, listed in course.yaml `drills`):
// front matter below, and a body that is the explanation (Show me), with the fix as
// runnable blocks. Core and the renderer share these types.
import { z } from 'zod';
import { LessonIdSchema, type LessonSegment, type CommandBlock } from './course';
import type { LessonProgress } from './progress';

/** `lesson-id/check-id`: a check of a lesson that the fault makes fail. */
export const CheckRefSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/, 'a check as lesson-id/check-id');

/** A command, run quietly as root on `host`. */
export const DrillRunStepSchema = z.strictObject({
  host: z.string().min(1),
  run: z.string().min(1),
});
/**
 * Files carried from one VM to another over the app's own connections (as a lesson's copy
 * block: one absolute path per line, optionally an octal mode; each goes to the same path on
 * `host`): the CA key lives on one machine, the certificate it signs is used on another.
 */
export const DrillCopyStepSchema = z.strictObject({
  host: z.string().min(1),
  from: z.string().min(1),
  copy: z.string().min(1),
});
export const DrillStepSchema = z.union([DrillRunStepSchema, DrillCopyStepSchema], {
  error: 'a step is { host, run } (a command) or { host, from, copy } (files from one machine to another)',
});
export type DrillRunStep = z.infer<typeof DrillRunStepSchema>;
export type DrillCopyStep = z.infer<typeof DrillCopyStepSchema>;
export type DrillStep = DrillRunStep | DrillCopyStep;

export const isCopyStep = (s: DrillStep): s is DrillCopyStep => 'copy' in s;

export const DrillFrontMatterSchema = z.strictObject({
  id: LessonIdSchema,
  title: z.string().min(1),
  /** The lessons that must pass (checked afresh) before the fault goes in. */
  requires: z.array(LessonIdSchema).min(1),
  /** What the learner sees, as a user would see it: never the cause. */
  symptom: z.string().min(1),
  /** The checks the fault makes fail; all passing again proves the repair. */
  proves: z.array(CheckRefSchema).min(1),
  /** Commands that break the cluster, run quietly on the VMs (shown only after the drill). */
  inject: z.array(DrillStepSchema).min(1),
  /** Commands that put back what inject changed, from any half-fixed state. */
  undo: z.array(DrillStepSchema).min(1),
  /** Given one at a time, each nearer to the cause. */
  hints: z.array(z.string().min(1)).min(1),
});
export type DrillFrontMatter = z.infer<typeof DrillFrontMatterSchema>;

/**
 * What may be shown of a drill before the learner has earned more: it travels with the
 * course to the renderer. The hints, the explanation and the inject and undo steps stay in
 * core until their time (DrillDetails, drillHints).
 */
export interface DrillSummary {
  id: string;
  title: string;
  /** File name relative to the lessons folder. */
  file: string;
  requires: string[];
  symptom: string;
  /** The checks the fault makes fail (the drill page shows their pass or fail). */
  proves: { lessonId: string; checkId: string }[];
  /** How many authored hints there are (each is handed out when asked for). */
  hintCount: number;
  /** The roles whose machines the fault changes (the confirmation names them). */
  machines: string[];
}

/** Given after Show me, or once a try ended: the cause and the fix, and what the drill did. */
export interface DrillDetails {
  /** The explanation: Markdown and the fix's blocks. */
  blocks: CommandBlock[];
  segments: LessonSegment[];
  inject: DrillStep[];
  undo: DrillStep[];
}

/** A drill as core holds it: the summary, its hints and its details. */
export interface Drill extends DrillSummary, DrillDetails {
  hints: string[];
}

/** The part of a drill that may travel before the attempt. */
export function drillSummary(d: Drill): DrillSummary {
  return { id: d.id, title: d.title, file: d.file, requires: d.requires, symptom: d.symptom, proves: d.proves, hintCount: d.hintCount, machines: d.machines };
}

/** The roles a drill's inject steps change (a copy changes its destination). */
export function drillMachines(inject: readonly DrillStep[]): string[] {
  return [...new Set(inject.map((s) => s.host))];
}

/** A finished try: solved (with the hints used and the time taken). */
export const DrillAttemptSchema = z.object({
  startedAt: z.string(),
  endedAt: z.string(),
  /** Seconds from the fault going in to the checks passing. */
  seconds: z.number().nonnegative(),
  hintsUsed: z.number().int().nonnegative(),
  /** Show me was opened before the checks passed. */
  answerShown: z.boolean(),
  outcome: z.enum(['solved', 'undone']),
});
export type DrillAttempt = z.infer<typeof DrillAttemptSchema>;

export const DrillProgressSchema = z.object({
  /**
   * A drill under way. Written BEFORE the fault goes in, so that after a restart or a
   * dropped link the app still knows the cluster is broken on purpose (and offers Undo).
   */
  active: z.object({
    startedAt: z.string(),
    /** Set once every inject step ran. */
    injectedAt: z.string().optional(),
    hintsUsed: z.number().int().nonnegative().default(0),
    answerShown: z.boolean().default(false),
    /** Why the injection did not complete (a step failed): Undo is the way out. */
    injectFailed: z.string().optional(),
  }).optional(),
  attempts: z.array(DrillAttemptSchema).default([]),
});
export type DrillProgress = z.infer<typeof DrillProgressSchema>;

/** The proved checks' state during a drill: pass or fail only (a message would give the cause away). */
export type DrillCheckState = 'pass' | 'fail' | 'unknown';

export function isSolved(p: DrillProgress | undefined): boolean {
  return (p?.attempts ?? []).some((a) => a.outcome === 'solved');
}

/** The lessons a drill's fault touches: its requires and the lessons of its proved checks. */
export function drillLessons(drill: Pick<DrillSummary, 'requires' | 'proves'>): string[] {
  return [...new Set([...drill.requires, ...drill.proves.map((p) => p.lessonId)])];
}

/** The drills a lesson's "Practise troubleshooting" lists: those that require it. */
export function drillsAfter<D extends Pick<DrillSummary, 'requires'>>(drills: readonly D[], lessonId: string): D[] {
  return drills.filter((d) => d.requires.includes(lessonId));
}

/** Each proved check's state since the fault went in: a result from before it is 'unknown'. */
export function provedStates(drill: Pick<DrillSummary, 'proves'>, lessons: Record<string, LessonProgress>, progress: DrillProgress | undefined): DrillCheckState[] {
  const since = progress?.active?.injectedAt;
  return drill.proves.map(({ lessonId, checkId }) => {
    const r = lessons[lessonId]?.checks[checkId];
    if (!r || !since || r.at < since) return 'unknown';
    return r.outcome === 'pass' ? 'pass' : 'fail';
  });
}

export type DrillState = 'locked' | 'open' | 'active' | 'solved';

/**
 * Locked until the lessons it requires have passed (a lesson failing now still opens it: the
 * fresh check at the start says so); active while its fault is in; solved once solved.
 */
export function drillState(drill: Pick<DrillSummary, 'requires' | 'id'>, states: Record<string, string>, progress: DrillProgress | undefined): DrillState {
  if (progress?.active) return 'active';
  if (isSolved(progress)) return 'solved';
  return drill.requires.every((id) => states[id] === 'passed' || states[id] === 'failing') ? 'open' : 'locked';
}

/** "4 min 12 s", "45 s", "1 h 3 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
}
