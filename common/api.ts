// The one contract between the renderer and core. Both hosts (Electron IPC and the
// browser host's WebSocket) expose exactly these operations and events, and validate
// every argument list against the schemas below before core sees it.
import { z } from 'zod';
import type { Architecture, Course, LeftOutLesson, LessonProblem } from './course';
import type { DiffPart } from './command-units';
import type { DrillDetails } from './drill';
import { type CheckOutcome, MAX_WATCH_INTERVAL_SECONDS, MIN_WATCH_INTERVAL_SECONDS, type ProgressView, type Settings } from './progress';
import type { VariableValue } from './variables';

export type { DiffPart, VariableValue };

const role = z.string().regex(/^[a-z0-9][a-z0-9-]*$/);
const id = z.string().min(1).max(200);
const terminalTarget = z.union([role, z.literal('local')]);
const fingerprint = z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'an OpenSSH SHA256 fingerprint');

const ipv4 = z.string().regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/, 'an IPv4 address like 10.0.0.5');
/** A DNS name or an IPv4 address; nothing a shell would interpret. */
const hostAddress = z.string().min(1).max(253).regex(/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[[0-9a-fA-F:]+\]$/, 'a host name or IP address');

/** The VM's login and the jump host's alike: a user name, never an option or shell text. */
const unixUser = z.string().min(1).max(64).regex(/^[a-z_][a-z0-9_.-]*\$?$/i, 'a Unix user name');

export const HostProfileSchema = z.strictObject({
  role,
  address: hostAddress,
  /** The VM's private address as the other VM sees it ({{role.ip}}); defaults to address. */
  privateIp: ipv4.optional(),
  port: z.number().int().min(1).max(65535).default(22),
  user: unixUser,
  /** Secrets are optional on save: when omitted, the stored one is kept. */
  auth: z.discriminatedUnion('method', [
    z.strictObject({ method: z.literal('password'), password: z.string().max(1024).optional() }),
    z.strictObject({ method: z.literal('key'), privateKeyPath: z.string().min(1).max(4096), passphrase: z.string().max(1024).optional() }),
    z.strictObject({ method: z.literal('agent') }),
  ]),
  /**
   * For a login user who is not root and needs a password for sudo: kept like the login
   * password (the secret store), omitted to keep the stored one, '' to clear it.
   */
  sudoPassword: z.string().max(1024).optional(),
  /** Optional jump host (like ProxyJump), authenticated with the same method and secret. */
  jump: z.strictObject({ address: hostAddress, port: z.number().int().min(1).max(65535).default(22), user: unixUser }).optional(),
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
    variableOverrides: z.record(z.string().max(100), z.string().max(200)).optional(),
    watchIntervalSeconds: z.number().int().min(MIN_WATCH_INTERVAL_SECONDS).max(MAX_WATCH_INTERVAL_SECONDS).optional(),
    watchPaused: z.boolean().optional(),
  })]),
  getVariables: z.tuple([]),
  completeLesson: z.tuple([id]),

  listHosts: z.tuple([]),
  secretStorage: z.tuple([]),
  saveHost: z.tuple([HostProfileSchema]),
  deleteHost: z.tuple([role]),
  importSshConfig: z.tuple([]),
  testHost: z.tuple([role]),
  acceptHostKey: z.tuple([role, fingerprint]),
  rejectHostKey: z.tuple([role]),
  forgetHostKey: z.tuple([role]),

  openTerminal: z.tuple([terminalTarget]),
  writeTerminal: z.tuple([id, z.string().max(1_000_000)]),
  resizeTerminal: z.tuple([id, z.number().int().min(2).max(1000), z.number().int().min(1).max(1000)]),
  ackTerminal: z.tuple([id, z.number().int().min(0)]),
  closeTerminal: z.tuple([id]),
  reconnectTerminal: z.tuple([id]),
  listTerminals: z.tuple([]),
  terminalStats: z.tuple([id]),

  runBlock: z.tuple([id, id]),
  interrupt: z.tuple([id]),
  runLesson: z.tuple([id]),
  planCatchUp: z.tuple([id]),
  catchUp: z.tuple([id]),
  cancelSequence: z.tuple([]),

  listArtifacts: z.tuple([]),
  importArtifacts: z.tuple([z.string().min(1).max(4096)]),
  downloadArtifacts: z.tuple([z.array(id).max(50).optional()]),
  uploadArtifacts: z.tuple([role]),

  runChecks: z.tuple([id]),
  watchNow: z.tuple([]),
  listCertificates: z.tuple([]),
  planReset: z.tuple([id]),
  resetLesson: z.tuple([id]),

  startDrill: z.tuple([id]),
  drillHints: z.tuple([id, z.boolean()]),
  showDrillAnswer: z.tuple([id]),
  checkDrill: z.tuple([id]),
  undoDrill: z.tuple([id]),
  runDrillBlock: z.tuple([id, id]),
  drillDetails: z.tuple([id]),
} as const;

export type OperationName = keyof typeof operationArgs;
export const OPERATIONS = Object.keys(operationArgs) as OperationName[];

export interface CourseView {
  course: Course;
  /** Problems in lesson files; a broken lesson is left out of the course and named here. */
  problems: LessonProblem[];
  /** Lesson files left out of the course (their problems are in `problems`), in course order. */
  leftOut: LeftOutLesson[];
}

/** The course folder changed on disk and core reloaded it (live reload, for authors). */
export interface CourseReloaded {
  view: CourseView;
  /** What changed, in the learner's words: files, and checks whose results were cleared. */
  message: string;
  /** Checks whose stored results were cleared because their definition changed. */
  clearedChecks: { lessonId: string; checkIds: string[] }[];
}

/** One certificate file on a VM, as the app's own parser reads it (or why it could not). */
export interface CertificateExpiry {
  role: string;
  hostname: string;
  path?: string;
  subject?: string;
  /** ISO time. */
  notAfter?: string;
  /** Whole days until notAfter (negative: expired). */
  daysLeft?: number;
  /** The file could not be read or parsed, or the VM could not be asked. */
  problem?: string;
}

export interface HostSummary {
  role: string;
  address: string;
  privateIp?: string;
  port: number;
  user: string;
  auth: 'password' | 'key' | 'agent';
  privateKeyPath?: string;
  /** A password or passphrase is stored (never the secret itself). */
  hasSecret: boolean;
  /** Set when a sudo password is stored (never the password itself). */
  hasSudoPassword?: true;
  jump?: { address: string; port: number; user: string };
  /** The accepted host key, if any. */
  hostKey?: { keyType: string; fingerprint: string };
  /** The VM's architecture as the last Test connection read it (`uname -m`). */
  arch?: Architecture;
}

/** One `Host` entry of ~/.ssh/config, resolved, for the import list. */
export interface SshConfigHost {
  alias: string;
  address: string;
  port: number;
  user?: string;
  identityFile?: string;
  proxyJump?: string;
}

export type HostTestStepId = 'reach' | 'hostkey' | 'auth' | 'root' | 'os' | 'arch' | 'cpus' | 'memory' | 'hostname' | 'swap';
/**
 * How core ends a host-key question that a newer one for the same role replaced (a terminal
 * reconnecting while a test connection waits); the renderer then keeps the newer question.
 */
export const HOSTKEY_QUESTION_REPLACED = 'a newer question replaced this one';

export interface HostTestStep {
  id: HostTestStepId;
  label: string;
  status: 'pass' | 'fail' | 'warn' | 'skip';
  detail: string;
}
export interface HostTestReport {
  role: string;
  ok: boolean;
  steps: HostTestStep[];
  facts?: { os: string; osVersion: string; machine: string; arch?: Architecture; cpus: number; memoryMiB: number; hostname: string; swapOn: boolean };
}

export type TerminalState = 'connecting' | 'connected' | 'disconnected' | 'reconnecting' | 'closed';
export interface TerminalInfo {
  terminalId: string;
  target: string;
  state: TerminalState;
  detail?: string;
}
export interface TerminalStats {
  terminalId: string;
  /** Bytes sent and not yet acknowledged, by the viewer (window, socket) furthest behind. */
  unacked: number;
  /** The most unacked bytes ever seen on this terminal, by any viewer (the flow-control test's counter). */
  maxUnacked: number;
  paused: boolean;
  highWatermark: number;
}

export interface CheckResult {
  lessonId: string;
  checkId: string;
  outcome: CheckOutcome;
  message: string;
  at: string;
  hint?: string;
  /** A pass with something to know (e.g. the tutorial's v1 CA without basicConstraints). */
  warning?: string;
  /** Extra lines, e.g. a failed unit's last journal lines. */
  details?: string[];
  durationMs?: number;
}


export type BlockRunState = 'queued' | 'running' | 'succeeded' | 'failed' | 'interrupted' | 'blocked';
export interface BlockRunEvent {
  lessonId: string;
  blockId: string;
  runId: string;
  state: BlockRunState;
  terminalId?: string;
  /** First failing command's status (any failing command fails the block), else the last's. */
  exitCode?: number;
  durationMs?: number;
  /** The last lines of output, for a failed block. */
  tail?: string;
  /** Why it could not run (host not connected, variable missing…). */
  reason?: string;
  /** Exit 0 but the output lacks what the block expects: "the output lacks `is healthy`". */
  outputMismatch?: string;
}

export interface SequencePlanStep {
  lessonId: string;
  lessonTitle: string;
  blockId: string;
  title?: string;
  host: string;
  hostname: string;
}
export interface SequenceEvent {
  kind: 'lesson' | 'catch-up';
  lessonId: string;
  state: 'running' | 'finished' | 'failed' | 'cancelled';
  done: number;
  total: number;
  failedBlockId?: string;
}

/** What an archive is checked against: the digest course.yaml pins for the version in use, or its release's checksum file. */
export type DigestSourceView = { kind: 'pinned'; algorithm: 'sha256' | 'sha512'; version?: string } | { kind: 'checksum-file'; algorithm: 'sha256' | 'sha512'; url: string; instead?: string };

export interface ArtifactStatus {
  id: string;
  title: string;
  /** The roles this file is for (a mixed amd64/arm64 pair gets one row per architecture). */
  hosts: string[];
  /** The architecture of the file, when the artifact names one. */
  arch?: Architecture;
  /** Set once resolved. */
  digestSource?: DigestSourceView;
  /** Resolved (versions filled in). */
  url: string;
  dest: string;
  /** On this computer, checksum verified, ready to upload. */
  cached: boolean;
  size?: number;
  /** Why it cannot be resolved or used (e.g. a version variable missing). */
  problem?: string;
}

export interface ArtifactProgress {
  artifactId: string;
  role?: string;
  phase: 'download' | 'import' | 'verify' | 'upload' | 'done' | 'failed';
  bytes: number;
  total?: number;
  message?: string;
}

export interface ResetPlan {
  lessonId: string;
  steps: { host: string; hostname: string; run: string }[];
  /** Lessons whose progress is cleared too (they depend on this one), in course order. */
  closes: string[];
  /** Why the reset cannot run yet (a host not configured, a variable missing). */
  blocked?: string;
}

export interface TypingEvent {
  lessonId: string;
  terminalId: string;
  host: string;
  /** The command line the learner ran. */
  typed: string;
  /** The block command it was matched against (exactly, or as the nearest for a diff). */
  blockId?: string;
  expected?: string;
  matched: boolean;
  diff?: DiffPart[];
}

/**
 * Where secrets are kept: 'encrypted' by the OS (Keychain, DPAPI, a Linux keyring), 'weak'
 * (written, but with a key built into Electron: no keyring found) or 'memory' (never written).
 */
export interface SecretStorageInfo {
  level: 'encrypted' | 'weak' | 'memory';
  /** Completes "Passwords and passphrases are …". */
  description: string;
}

/** A drill's hints so far; after the authored ones, what its failing checks say. */
export interface DrillHints {
  hints: string[];
  /** Another hint can be asked for. */
  more: boolean;
  /** Given after the last authored hint: each failing check's own message. */
  checkMessages?: string[];
}

/** The operations, with their results. Core implements this; transports carry it. */
export interface Api {
  getCourse(): Promise<CourseView>;
  getProgress(): Promise<ProgressView>;
  updateSettings(patch: Partial<Settings>): Promise<ProgressView>;
  /** Marks a lesson without checks as done (a lesson with checks completes by passing them). */
  completeLesson(lessonId: string): Promise<ProgressView>;
  /** Every {{variable}} with its value (or why it has none) and where it comes from. */
  getVariables(): Promise<VariableValue[]>;

  listHosts(): Promise<HostSummary[]>;
  /** Where typed passwords and passphrases go, in words the learner can act on. */
  secretStorage(): Promise<SecretStorageInfo>;
  /** Saves a profile; a password or passphrase goes to the secret store, never to the file. */
  saveHost(profile: HostProfile): Promise<HostSummary>;
  deleteHost(role: string): Promise<void>;
  importSshConfig(): Promise<SshConfigHost[]>;
  /** Connects (prompting for the host key if new) and checks the VM against the course's minimums. */
  testHost(role: string): Promise<HostTestReport>;
  /** Answers a `hostkey:prompt`: trust this key for the role's address and port. */
  acceptHostKey(role: string, fingerprint: string): Promise<void>;
  rejectHostKey(role: string): Promise<void>;
  /** Deliberately drops the saved key (after a changed-key warning) so the next connect asks again. */
  forgetHostKey(role: string): Promise<void>;

  openTerminal(target: string): Promise<{ terminalId: string }>;
  writeTerminal(terminalId: string, data: string): Promise<void>;
  resizeTerminal(terminalId: string, cols: number, rows: number): Promise<void>;
  /** The renderer has processed `bytes` more bytes of the terminal's output (flow control). */
  ackTerminal(terminalId: string, bytes: number): Promise<void>;
  closeTerminal(terminalId: string): Promise<void>;
  reconnectTerminal(terminalId: string): Promise<void>;
  listTerminals(): Promise<TerminalInfo[]>;
  terminalStats(terminalId: string): Promise<TerminalStats>;

  /** Pastes the resolved block into its host's terminal; progress arrives as `block:state` events. */
  runBlock(lessonId: string, blockId: string): Promise<{ terminalId: string; runId: string }>;
  /** Sends Ctrl-C to a terminal. */
  interrupt(terminalId: string): Promise<void>;
  /** Runs every block of the lesson in order, stopping at the first failure. */
  runLesson(lessonId: string): Promise<void>;
  /** What catch-up would run: every block of the lessons before this one, in order. */
  planCatchUp(lessonId: string): Promise<SequencePlanStep[]>;
  catchUp(lessonId: string): Promise<void>;
  /** Stops a running lesson or catch-up after the current block. */
  cancelSequence(): Promise<void>;

  /** The course's release archives and whether each is on this computer, verified. */
  listArtifacts(): Promise<ArtifactStatus[]>;
  /** Takes archives (and their checksum files) from a folder on this computer, verifying each. */
  importArtifacts(folder: string): Promise<ArtifactStatus[]>;
  /** Downloads archives (all, or these ids) to this computer, verifying checksums. */
  downloadArtifacts(ids?: string[]): Promise<ArtifactStatus[]>;
  /** Uploads the verified archives a role needs to its VM over SFTP (progress as artifact:progress). */
  uploadArtifacts(role: string): Promise<void>;

  runChecks(lessonId: string): Promise<CheckResult[]>;
  /** Re-verifies every passed lesson now, in the background (a page load asks this). */
  watchNow(): Promise<void>;
  /** Every certificate in {{certDir}} on each VM whose key is trusted, with its expiry, soonest first. */
  listCertificates(): Promise<CertificateExpiry[]>;
  /** The exact reset commands per host and the lessons that would close again. */
  planReset(lessonId: string): Promise<ResetPlan>;
  /** Runs the reset in the hosts' terminals, then clears this lesson's and its dependents' progress. */
  resetLesson(lessonId: string): Promise<ProgressView>;

  /**
   * Checks the lessons the drill requires afresh, records the drill, then breaks the
   * cluster (quietly); the drill's checks then show pass or fail only.
   */
  startDrill(drillId: string): Promise<ProgressView>;
  /** The hints given so far; `more` asks for the next (counted). */
  drillHints(drillId: string, more: boolean): Promise<DrillHints>;
  /** Show me: the cause and the fix (counted in the drill's record). */
  showDrillAnswer(drillId: string): Promise<ProgressView>;
  /** Runs the drill's checks now; all passing solves it. */
  checkDrill(drillId: string): Promise<ProgressView>;
  /** Puts back what the drill broke, from any state, and re-checks its lessons. */
  undoDrill(drillId: string): Promise<ProgressView>;
  /** Runs a block of the drill's explanation in its host's terminal. */
  runDrillBlock(drillId: string, blockId: string): Promise<{ exitCode: number | null }>;
  /**
   * The cause and the fix (the explanation, with its blocks) and what the drill does (its
   * inject and undo steps): FAILED_PRECONDITION until Show me during a try, or a try ended.
   * The course carries only each drill's summary; hints come one at a time (drillHints).
   */
  drillDetails(drillId: string): Promise<DrillDetails>;
}

// Compile-time proof that the schemas and the interface name the same operations.
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : never;
export const operationsMatch: SameKeys<Api, typeof operationArgs> = true;

/** Events core pushes to the renderer. */
export interface ApiEvents {
  'progress:changed': ProgressView;
  /** Something the learner must know about (e.g. a corrupt progress file moved aside). */
  notice: { level: 'info' | 'warning' | 'error'; message: string; lessonId?: string };
  /**
   * A terminal's output as the shell wrote it: UTF-8 bytes, each event ending on a
   * character boundary (common/terminal-frames.ts carries it over the browser host's socket).
   */
  'terminal:data': { terminalId: string; data: Uint8Array };
  'terminal:exit': { terminalId: string; code: number | null };
  'terminal:state': TerminalInfo;
  'check:result': CheckResult;
  /** The app needs the learner's decision on a host key before it sends any credential. */
  'hostkey:prompt': { role: string; address: string; port: number; keyType: string; fingerprint: string; status: 'unknown' | 'changed'; knownFingerprint?: string; knownKeyType?: string };
  'hosts:changed': HostSummary[];
  'block:state': BlockRunEvent;
  'sequence:state': SequenceEvent;
  'typing:result': TypingEvent;
  /** Checks of a lesson started running (results follow as check:result). */
  'checks:started': { lessonId: string; checkIds: string[] };
  'artifact:progress': ArtifactProgress;
  'course:changed': CourseReloaded;
}
export type EventName = keyof ApiEvents;
export const EVENTS: readonly EventName[] = [
  'progress:changed', 'notice', 'terminal:data', 'terminal:exit', 'terminal:state', 'check:result', 'hostkey:prompt', 'hosts:changed',
  'block:state', 'sequence:state', 'typing:result', 'checks:started', 'artifact:progress', 'course:changed',
];

export type EventListener<E extends EventName> = (payload: ApiEvents[E]) => void;

/**
 * What a host dispatches to: each connection (an Electron window, a browser socket) is one
 * viewer, and gets the operations as that viewer (a terminal's flow control counts each
 * viewer's acknowledgements on their own). The host says when a viewer is gone.
 */
export interface ViewerApi {
  forViewer(viewerId: string): Api;
  viewerGone(viewerId: string): void;
}

/** What the renderer holds: the operations plus a way to subscribe to events. */
export interface ApiClient extends Api {
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void;
}
