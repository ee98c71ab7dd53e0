// The one contract between the renderer and core. Both hosts (Electron IPC and the
// browser host's WebSocket) expose exactly these operations and events, and validate
// every argument list against the schemas below before core sees it.
import { z } from 'zod';
import type { Course, LessonProblem } from './course';
import type { CheckOutcome, ProgressView, Settings } from './progress';

const role = z.string().regex(/^[a-z0-9][a-z0-9-]*$/);
const id = z.string().min(1).max(200);
const terminalTarget = z.union([role, z.literal('local')]);

export const HostProfileSchema = z.strictObject({
  role,
  address: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535).default(22),
  user: z.string().min(1).max(64),
  auth: z.discriminatedUnion('method', [
    z.strictObject({ method: z.literal('password'), password: z.string().optional() }),
    z.strictObject({ method: z.literal('key'), privateKeyPath: z.string().min(1), passphrase: z.string().optional() }),
    z.strictObject({ method: z.literal('agent') }),
  ]),
  jump: z.strictObject({ address: z.string().min(1), port: z.number().int().min(1).max(65535).default(22), user: z.string().min(1) }).optional(),
});
export type HostProfile = z.infer<typeof HostProfileSchema>;

/** Argument lists of every operation, as tuples. The keys are the operation names. */
export const operationArgs = {
  getCourse: z.tuple([]),
  getProgress: z.tuple([]),
  updateSettings: z.tuple([z.strictObject({
    typingMode: z.boolean().optional(),
    theme: z.enum(['system', 'light', 'dark']).optional(),
    lastLessonId: id.optional(),
  })]),
  completeLesson: z.tuple([id]),

  listHosts: z.tuple([]),
  saveHost: z.tuple([HostProfileSchema]),
  testHost: z.tuple([role]),
  acceptHostKey: z.tuple([role, z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/)]),

  openTerminal: z.tuple([terminalTarget]),
  writeTerminal: z.tuple([id, z.string().max(1_000_000)]),
  resizeTerminal: z.tuple([id, z.number().int().min(2).max(1000), z.number().int().min(1).max(1000)]),
  ackTerminal: z.tuple([id, z.number().int().min(0)]),
  closeTerminal: z.tuple([id]),

  runBlock: z.tuple([id, id]),
  interrupt: z.tuple([id]),

  runChecks: z.tuple([id]),
  resetLesson: z.tuple([id]),
} as const;

export type OperationName = keyof typeof operationArgs;
export const OPERATIONS = Object.keys(operationArgs) as OperationName[];

export interface CourseView {
  course: Course;
  /** Problems in lesson files; a broken lesson is left out of the course and named here. */
  problems: LessonProblem[];
}

export interface HostSummary {
  role: string;
  address: string;
  port: number;
  user: string;
  auth: 'password' | 'key' | 'agent';
}

export interface CheckResult {
  lessonId: string;
  checkId: string;
  outcome: CheckOutcome;
  message: string;
  at: string;
}

/** The operations, with their results. Core implements this; transports carry it. */
export interface Api {
  getCourse(): Promise<CourseView>;
  getProgress(): Promise<ProgressView>;
  updateSettings(patch: Partial<Settings>): Promise<ProgressView>;
  /** Marks a lesson without checks as done (a lesson with checks completes by passing them). */
  completeLesson(lessonId: string): Promise<ProgressView>;

  listHosts(): Promise<HostSummary[]>;
  saveHost(profile: HostProfile): Promise<HostSummary>;
  testHost(role: string): Promise<unknown>;
  acceptHostKey(role: string, fingerprint: string): Promise<void>;

  openTerminal(target: string): Promise<{ terminalId: string }>;
  writeTerminal(terminalId: string, data: string): Promise<void>;
  resizeTerminal(terminalId: string, cols: number, rows: number): Promise<void>;
  ackTerminal(terminalId: string, chars: number): Promise<void>;
  closeTerminal(terminalId: string): Promise<void>;

  runBlock(lessonId: string, blockId: string): Promise<{ terminalId: string }>;
  interrupt(terminalId: string): Promise<void>;

  runChecks(lessonId: string): Promise<CheckResult[]>;
  resetLesson(lessonId: string): Promise<ProgressView>;
}

// Compile-time proof that the schemas and the interface name the same operations.
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : never;
export const operationsMatch: SameKeys<Api, typeof operationArgs> = true;

/** Events core pushes to the renderer. */
export interface ApiEvents {
  'progress:changed': ProgressView;
  /** Something the learner must know about (e.g. a corrupt progress file moved aside). */
  notice: { level: 'info' | 'warning' | 'error'; message: string };
  'terminal:data': { terminalId: string; data: string };
  'terminal:exit': { terminalId: string; code: number | null };
  'terminal:state': { terminalId: string; state: 'connecting' | 'connected' | 'disconnected' | 'reconnecting'; detail?: string };
  'check:result': CheckResult;
}
export type EventName = keyof ApiEvents;
export const EVENTS: readonly EventName[] = [
  'progress:changed', 'notice', 'terminal:data', 'terminal:exit', 'terminal:state', 'check:result',
];

export type EventListener<E extends EventName> = (payload: ApiEvents[E]) => void;

/** What the renderer holds: the operations plus a way to subscribe to events. */
export interface ApiClient extends Api {
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void;
}
