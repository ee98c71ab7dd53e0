// What the learner has done, as stored by core's progress store and shown by the renderer.
import { z } from 'zod';
import { DrillProgressSchema, type DrillProgress } from './drill';

export const PROGRESS_SCHEMA_VERSION = 1;

/** Background re-checks: each passed lesson is re-verified this often by default. */
export const DEFAULT_WATCH_INTERVAL_SECONDS = 5;
export const MIN_WATCH_INTERVAL_SECONDS = 2;
export const MAX_WATCH_INTERVAL_SECONDS = 3600;

export const CheckOutcomeSchema = z.enum(['pass', 'fail', 'unreachable', 'error', 'timeout']);

export const LessonProgressSchema = z.object({
  /** Set when the learner finished the lesson (all checks passed, or read a lesson without checks). */
  completedAt: z.string().optional(),
  checks: z.record(z.string(), z.object({
    outcome: CheckOutcomeSchema,
    at: z.string(),
    message: z.string().optional(),
    warning: z.string().optional(),
  })).default({}),
  blocks: z.record(z.string(), z.object({
    exitCode: z.number().int(),
    at: z.string(),
    durationMs: z.number().optional(),
    /** Typed by the learner in typing mode (rather than run with a click). */
    typed: z.boolean().optional(),
    /** Typing mode: the first try differed from the lesson's command. */
    corrected: z.boolean().optional(),
    /** The run exited 0 but its output lacked what the block expects ("the output lacks `is healthy`"). */
    outputMismatch: z.string().optional(),
  })).default({}),
});

export const SettingsSchema = z.object({
  typingMode: z.boolean().default(false),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  lastLessonId: z.string().optional(),
  /** Learner (or lab) overrides of course values, e.g. versions.etcd for Debian's etcd 3.4. */
  variableOverrides: z.record(z.string(), z.string()).default({}),
  /** Seconds between background re-checks of one passed lesson (live-checks). */
  watchIntervalSeconds: z.number().int().min(MIN_WATCH_INTERVAL_SECONDS).max(MAX_WATCH_INTERVAL_SECONDS).default(DEFAULT_WATCH_INTERVAL_SECONDS),
  /** The learner paused background re-checks (checks after their own commands still run). */
  watchPaused: z.boolean().default(false),
});

export const ProgressFileSchema = z.object({
  schemaVersion: z.literal(PROGRESS_SCHEMA_VERSION),
  lessons: z.record(z.string(), LessonProgressSchema).default({}),
  settings: SettingsSchema.default(defaultSettings()),
  /** Troubleshooting drills: the one under way (recorded before its fault goes in) and past tries. */
  drills: z.record(z.string(), DrillProgressSchema).default({}),
});

function defaultSettings(): z.infer<typeof SettingsSchema> {
  return { typingMode: false, theme: 'system', variableOverrides: {}, watchIntervalSeconds: DEFAULT_WATCH_INTERVAL_SECONDS, watchPaused: false };
}

export type CheckOutcome = z.infer<typeof CheckOutcomeSchema>;
export type LessonProgress = z.infer<typeof LessonProgressSchema>;
export type Settings = z.infer<typeof SettingsSchema>;
export type ProgressFile = z.infer<typeof ProgressFileSchema>;

export function emptyProgress(): ProgressFile {
  return { schemaVersion: PROGRESS_SCHEMA_VERSION, lessons: {}, settings: defaultSettings(), drills: {} };
}

/** 'failing': it passed once, but a later re-check failed (e.g. etcd was stopped). */
export type LessonState = 'locked' | 'open' | 'passed' | 'failing';

/** Progress as the renderer sees it: the stored file plus derived lesson states. */
export interface ProgressView {
  lessons: Record<string, LessonProgress>;
  settings: Settings;
  states: Record<string, LessonState>;
  /** Troubleshooting drills' progress (absent: none tried). */
  drills?: Record<string, DrillProgress>;
  /** Things the learner must know since start, e.g. a corrupt progress file moved aside. */
  notices: string[];
}
