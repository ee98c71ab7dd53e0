// What the check engine needs from the SSH layer, and how its failures are classified.
//  - exec(role, command, {timeoutMs}) runs one command on the role's shared connection;
//    a check's command (`readOnly`) runs in one of the connection's long-lived shells
//    (ssh/command-shells.ts) when it has them, anything else on its own exec channel;
//  - forwardOut(role, host, port) opens a TCP stream FROM the VM (for the https kind);
//  - ping(role, timeoutMs) asks the host for any answer without using a session slot,
//    so the engine can tell a hanging command (timeout) from a dead link (unreachable).
// Every failure reaches the engine as a HostAccessError with one of three kinds:
//  'unreachable' (cannot connect, login refused, host key, link dropped),
//  'timeout' (the command did not finish in time), 'forward-failed' (the VM answered
//  but refused to open the TCP stream, e.g. nothing listens on the port).
import type { Duplex } from 'node:stream';
import type { ExecResult, SshConnection } from '../ssh/connection';

export type { ExecResult };

export interface ExecOptions {
  timeoutMs: number;
  /** Output kept per stream (default: the transport's, 4 MiB for SshConnection). */
  maxOutputBytes?: number;
  /** A check's command, which changes nothing: it may run in a shared long-lived shell, with no input. */
  readOnly?: boolean;
}

export interface HostAccess {
  exec(role: string, command: string, options: ExecOptions): Promise<ExecResult>;
  forwardOut(role: string, host: string, port: number, options: { timeoutMs: number }): Promise<Duplex>;
  /** Resolves when the host answers anything within timeoutMs; rejects (HostAccessError 'unreachable') otherwise. */
  ping?(role: string, timeoutMs: number): Promise<void>;
}

export type HostAccessErrorKind = 'unreachable' | 'timeout' | 'forward-failed';

export class HostAccessError extends Error {
  constructor(
    readonly kind: HostAccessErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'HostAccessError';
  }
}

export function secondsOf(ms: number): string {
  return `${Math.max(1, Math.round(ms / 1000))} s`;
}

export function hangingMessage(timeoutMs: number): string {
  return `no answer within ${secondsOf(timeoutMs)}: the command may be hanging`;
}

/** The kinds of SshError (electron/core/ssh/ssh-errors.ts) that mean "the host is not usable". */
const HOST_LEVEL = new Set([
  'unreachable', 'hostkey-changed', 'hostkey-revoked', 'hostkey-rejected', 'hostkey-timeout', 'auth', 'credentials', 'disconnected',
]);

/**
 * Maps any error a transport throws to a HostAccessError, or undefined when it is not a
 * transport error at all (a bug: the engine reports it as 'error').
 * Works on SshError by its `kind`/`phase` fields and on ApiError by its `code`, so it
 * needs no import of those classes.
 */
export function classifyAccessError(err: unknown, timeoutMs?: number): HostAccessError | undefined {
  if (err instanceof HostAccessError) return err;
  if (!(err instanceof Error)) return undefined;
  const { kind, phase, code } = err as Error & { kind?: unknown; phase?: unknown; code?: unknown };
  if (typeof kind === 'string' && typeof phase === 'string') {
    if (kind === 'timeout' && phase === 'session') {
      return new HostAccessError('timeout', timeoutMs !== undefined ? hangingMessage(timeoutMs) : err.message);
    }
    if (kind === 'timeout' || HOST_LEVEL.has(kind)) return new HostAccessError('unreachable', err.message);
    if (kind === 'channel') return new HostAccessError('unreachable', err.message);
    // Logged in, but not allowed to act as root: the check cannot run (the message says why).
    if (kind === 'not-root') return new HostAccessError('unreachable', err.message);
  }
  // ApiError from the host service: no profile yet, unknown role, app shutting down.
  if (err.name === 'ApiError' && (code === 'FAILED_PRECONDITION' || code === 'NOT_FOUND')) {
    return new HostAccessError('unreachable', err.message);
  }
  return undefined;
}

/** What the adapter needs of a connection: SshConnection (electron/core/ssh/connection.ts) fits. */
export interface ConnectionLike {
  exec(command: string, options: { timeoutMs?: number; maxOutputBytes?: number }): Promise<ExecResult>;
  /** A read-only command in a long-lived shell (SshConnection has it); exec when absent. */
  execInShell?(command: string, options: { timeoutMs?: number; maxOutputBytes?: number }): Promise<ExecResult>;
  readonly client: {
    forwardOut(srcIP: string, srcPort: number, dstIP: string, dstPort: number, cb: (err: Error | undefined, stream: Duplex) => void): unknown;
  };
  readonly closed?: boolean;
  readonly label?: string;
}

// A compile-time proof that the colleague's SshConnection fits ConnectionLike.
type Fits<T extends ConnectionLike> = T;
export type SshConnectionFits = Fits<SshConnection>;

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => Error, cleanup?: (value: T) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      reject(onTimeout());
    }, ms);
    p.then(
      (v) => {
        if (done) {
          cleanup?.(v);
          return;
        }
        done = true;
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/**
 * A HostAccess over shared SSH connections. Wire it to the host service with
 * `createHostAccess((role) => hostService.connection(role))` (any function returning the
 * role's logged-in SshConnection, connecting on demand).
 */
export function createHostAccess(connect: (role: string) => Promise<ConnectionLike>, options: { label?: (role: string) => string } = {}): HostAccess {
  const label = options.label ?? ((role: string) => role);
  const connection = async (role: string, timeoutMs: number): Promise<ConnectionLike> => {
    try {
      return await withTimeout(connect(role), timeoutMs, () => new HostAccessError('unreachable', `Could not reach ${label(role)}: no connection within ${secondsOf(timeoutMs)}.`));
    } catch (err) {
      throw classifyAccessError(err) ?? new HostAccessError('unreachable', `Could not reach ${label(role)}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const forward = (conn: ConnectionLike, host: string, port: number): Promise<Duplex> => new Promise((resolve, reject) => {
    try {
      conn.client.forwardOut('127.0.0.1', 0, host, port, (err, stream) => (err ? reject(err) : resolve(stream)));
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });

  return {
    async exec(role, command, opts) {
      const started = Date.now();
      const conn = await connection(role, opts.timeoutMs);
      const left = Math.max(1, opts.timeoutMs - (Date.now() - started));
      try {
        const o = { timeoutMs: left, ...(opts.maxOutputBytes !== undefined ? { maxOutputBytes: opts.maxOutputBytes } : {}) };
        return await (opts.readOnly && conn.execInShell ? conn.execInShell(command, o) : conn.exec(command, o));
      } catch (err) {
        const c = classifyAccessError(err, opts.timeoutMs);
        throw c ?? err;
      }
    },

    async forwardOut(role, host, port, opts) {
      const started = Date.now();
      const conn = await connection(role, opts.timeoutMs);
      const left = Math.max(1, opts.timeoutMs - (Date.now() - started));
      try {
        return await withTimeout(forward(conn, host, port), left, () => new HostAccessError('timeout', `the VM did not open a connection to ${host}:${port} within ${secondsOf(opts.timeoutMs)}`), (s) => s.destroy());
      } catch (err) {
        if (err instanceof HostAccessError) throw err;
        if (conn.closed) throw new HostAccessError('unreachable', `Connection lost: ${label(role)} closed the connection.`);
        const reason = (err instanceof Error ? err.message : String(err)).replace(/^\(SSH\)\s*/, '').replace(/^Channel open failure:\s*/i, '');
        throw new HostAccessError('forward-failed', reason);
      }
    },

    async ping(role, timeoutMs) {
      const started = Date.now();
      const conn = await connection(role, timeoutMs);
      const left = Math.max(1, timeoutMs - (Date.now() - started));
      const dead = () => new HostAccessError('unreachable', `${label(role)} stopped answering (no reply within ${secondsOf(timeoutMs)}): the VM may be down or its network cut.`);
      // A direct-tcpip channel needs no session slot; ANY answer (opened or refused) proves the link works.
      const answer = new Promise<Duplex | undefined>((resolve, reject) => {
        try {
          conn.client.forwardOut('127.0.0.1', 0, '127.0.0.1', 22, (err, stream) => {
            if (err && conn.closed) reject(dead());
            else resolve(err ? undefined : stream);
          });
        } catch {
          reject(dead());
        }
      });
      const stream = await withTimeout(answer, left, dead, (s) => s?.destroy());
      stream?.destroy();
    },
  };
}
