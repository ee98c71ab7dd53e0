// What a check kind gets from the engine and what it gives back.
import type { Duplex } from 'node:stream';
import type { CheckSpec } from '../../../common/course';
import type { ExecResult } from './host-access';

export interface CheckContext {
  /** The role the check runs on (spec.host). */
  role: string;
  /** Runs a command on the role; the timeout defaults to what is left of the check's time. */
  exec(command: string, options?: { timeoutMs?: number; maxOutputBytes?: number }): Promise<ExecResult>;
  /** A TCP stream opened from the VM to host:port. */
  forwardOut(host: string, port: number): Promise<Duplex>;
  /** Aborted when the engine gives up on the check (timeout): close sockets, stop work. */
  signal: AbortSignal;
  /** Milliseconds left before the check times out. */
  remainingMs(): number;
  /** "now" for validity windows (tests pin it). */
  now(): Date;
}

/** What a kind decides. Host failures are thrown (HostAccessError), never returned. */
export interface KindVerdict {
  outcome: 'pass' | 'fail';
  message: string;
  /** A pass that deserves attention (e.g. a v1 CA certificate). */
  warning?: string;
  /** Supporting lines, e.g. the unit's last journal lines. */
  details?: string[];
  /** A kind's own advice for this particular failure; wins over the spec's hint. */
  hint?: string;
}

export type SpecOf<K extends CheckSpec['kind']> = Extract<CheckSpec, { kind: K }>;

export type CheckKindRunner<K extends CheckSpec['kind']> = (spec: SpecOf<K>, ctx: CheckContext) => Promise<KindVerdict>;

export const pass = (message: string, extra: Partial<KindVerdict> = {}): KindVerdict => ({ outcome: 'pass', message, ...extra });
export const fail = (message: string, extra: Partial<KindVerdict> = {}): KindVerdict => ({ outcome: 'fail', message, ...extra });
