// Terminal sessions: SSH shells on the course hosts and a local shell, each with output
// batching (one event per ~16 ms frame), flow control (pause the backend at 100,000
// unacknowledged chars, resume below 5,000) and, for SSH, automatic reconnection with
// exponential backoff after a dropped link.
//
// Lifecycle of one terminal:
//   connecting → connected → (exit code n) → closed, with terminal:exit
//                          → (link dropped, code null) → disconnected → reconnecting
//                            → connected (a dim notice line marks the break) …
// openTerminal returns the id at once; the connection proceeds in the background and
// reports through terminal:state (a renderer that may miss early events can ask
// listTerminals).
import { randomUUID } from 'node:crypto';
import type { Api, TerminalInfo, TerminalState, TerminalStats } from '../../../common/api';
import { ApiError } from '../../../common/errors';
import type { EventBus } from '../events';
import type { ShellOpener, TerminalBackend, TerminalSize } from './backend';
import { FlowController } from './flow-controller';
import { createLocalShell } from './local-shell';
import { OutputBatcher } from './output-batcher';

export type TerminalOps = Pick<Api, 'openTerminal' | 'writeTerminal' | 'resizeTerminal' | 'ackTerminal' | 'closeTerminal' | 'reconnectTerminal' | 'listTerminals' | 'terminalStats'>;

export interface ReconnectPolicy {
  /** First delay; doubles per attempt. Default 1000 ms. */
  initialDelayMs: number;
  /** Ceiling of the delay. Default 30,000 ms. */
  maxDelayMs: number;
  /** Fraction of the delay taken off at random (0.2: 80–100 % of it). Default 0.2. */
  jitter: number;
}

export interface TerminalServiceDeps {
  events: EventBus;
  shells: ShellOpener;
  /** Starts the local shell (default: createLocalShell, a login shell over node-pty). */
  localShell?: (size: TerminalSize) => TerminalBackend;
  /** Random source for jitter (default Math.random); tests pass () => 0 for exact delays. */
  random?: () => number;
  reconnect?: Partial<ReconnectPolicy>;
  /** Flow-control and batching knobs, for tests; defaults from common/flow-control.ts. */
  flow?: { highWatermark?: number; lowWatermark?: number; batchMs?: number; maxBatchChars?: number; leadingFlush?: boolean };
}

export type OutputListener = (terminalId: string, target: string, data: string) => void;

export interface TerminalService extends TerminalOps {
  /** Every terminal's output, in order, as sent to renderers (block runs and typing mode read it). */
  onOutput(listener: OutputListener): () => void;
  /** The target's live terminal (not closed), opening one when there is none. */
  terminalFor(target: string): Promise<string>;
  /** Resolves once the terminal is connected; rejects with the last reason after timeoutMs. */
  whenConnected(terminalId: string, timeoutMs: number): Promise<void>;
  /** Calls back on every state change of one terminal; returns an unsubscribe. */
  onState(terminalId: string, listener: (info: TerminalInfo) => void): () => void;
  dispose(): Promise<void>;
}

export const DEFAULT_TERMINAL_SIZE: TerminalSize = { cols: 80, rows: 24 };
export const DEFAULT_RECONNECT: ReconnectPolicy = { initialDelayMs: 1000, maxDelayMs: 30_000, jitter: 0.2 };

/** The delay before reconnect attempt `attempt` (1-based): 1 s, 2 s, 4 s … capped, minus jitter. */
export function reconnectDelayMs(attempt: number, policy: ReconnectPolicy = DEFAULT_RECONNECT, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (1 - policy.jitter * Math.min(1, Math.max(0, random()))));
}

/** The dim line written into the output after a reconnect, so the learner sees the break. */
export function reconnectNotice(target: string): string {
  return `\r\n\x1b[2m— reconnected to ${target} —\x1b[0m\r\n`;
}

interface Session {
  id: string;
  target: string;
  state: TerminalState;
  detail?: string;
  size: TerminalSize;
  backend?: TerminalBackend;
  /** Bumped per connection attempt; callbacks of older attempts are ignored. */
  generation: number;
  /** Reconnect attempts since the last successful connection. */
  attempt: number;
  retryTimer?: ReturnType<typeof setTimeout>;
  /** Connected at least once: the next connection writes the reconnect notice. */
  everConnected: boolean;
  removed: boolean;
  flow: FlowController;
  batcher: OutputBatcher;
}

export function createTerminalService(deps: TerminalServiceDeps): TerminalService {
  const { events, shells } = deps;
  const localShell = deps.localShell ?? ((size: TerminalSize) => createLocalShell(size));
  const random = deps.random ?? Math.random;
  const policy: ReconnectPolicy = { ...DEFAULT_RECONNECT, ...deps.reconnect };
  const sessions = new Map<string, Session>();
  const outputListeners = new Set<OutputListener>();
  const stateListeners = new Map<string, Set<(info: TerminalInfo) => void>>();

  function label(session: Session): string {
    return session.target === 'local' ? 'the local shell' : session.target;
  }

  function info(session: Session): TerminalInfo {
    const result: TerminalInfo = { terminalId: session.id, target: session.target, state: session.state };
    if (session.detail !== undefined) result.detail = session.detail;
    return result;
  }

  function setState(session: Session, state: TerminalState, detail?: string): void {
    session.state = state;
    session.detail = detail;
    const current = info(session);
    events.emit('terminal:state', current);
    for (const listener of stateListeners.get(session.id) ?? []) listener(current);
  }

  function get(terminalId: string): Session {
    const session = sessions.get(terminalId);
    if (!session) throw new ApiError('NOT_FOUND', `no terminal ${terminalId}`);
    return session;
  }

  function clearRetry(session: Session): void {
    if (session.retryTimer !== undefined) clearTimeout(session.retryTimer);
    session.retryTimer = undefined;
  }

  /** Drops the current backend without reacting to its exit. */
  function detach(session: Session): void {
    const backend = session.backend;
    session.backend = undefined;
    session.generation += 1;
    if (backend) {
      try {
        backend.close();
      } catch {
        // Closing a dead link may throw; it is gone either way.
      }
      session.batcher.endStream();
    }
  }

  function attach(session: Session, backend: TerminalBackend, generation: number): void {
    session.backend = backend;
    backend.onData((data: string | Uint8Array) => {
      if (session.generation === generation) session.batcher.push(data);
    });
    backend.onExit((code, reason) => {
      if (session.generation === generation) onBackendExit(session, code, reason);
    });
    // Renderer still behind from before: keep the new stream paused too.
    if (session.flow.isPaused) backend.pause();
    const reconnected = session.everConnected;
    session.everConnected = true;
    session.attempt = 0;
    if (reconnected) session.batcher.push(reconnectNotice(session.target));
    setState(session, 'connected');
  }

  function onBackendExit(session: Session, code: number | null, reason?: string): void {
    session.backend = undefined;
    session.generation += 1;
    session.batcher.endStream();
    if (code === null && session.target !== 'local') {
      setState(session, 'disconnected', reason ?? 'the connection was lost');
      scheduleReconnect(session);
      return;
    }
    // The shell ended: deliver its last output first, then the exit.
    session.batcher.whenDrained(() => {
      if (session.removed || session.backend) return;
      events.emit('terminal:exit', { terminalId: session.id, code });
      setState(session, 'closed', code === null ? (reason ?? 'the shell ended') : `exited with code ${code}`);
    });
  }

  function scheduleReconnect(session: Session): void {
    clearRetry(session);
    session.attempt += 1;
    const attempt = session.attempt;
    const delay = reconnectDelayMs(attempt, policy, random);
    setState(session, 'reconnecting', `retrying in ${Math.max(1, Math.ceil(delay / 1000))} s (attempt ${attempt})`);
    session.retryTimer = setTimeout(() => {
      session.retryTimer = undefined;
      connect(session);
    }, delay);
  }

  /** Starts a connection attempt; its outcome arrives through state events. */
  function connect(session: Session): void {
    if (session.removed) return;
    clearRetry(session);
    detach(session);
    const generation = session.generation;
    const size = { ...session.size };
    if (session.target === 'local') {
      setState(session, 'connecting');
      let backend: TerminalBackend;
      try {
        backend = localShell(size);
      } catch (error) {
        setState(session, 'closed', `could not start the local shell: ${messageOf(error)}`);
        return;
      }
      attach(session, backend, generation);
      return;
    }
    if (session.everConnected || session.attempt > 0) {
      const attempt = session.attempt > 0 ? ` (attempt ${session.attempt})` : '';
      setState(session, 'reconnecting', `connecting to ${session.target}${attempt}…`);
    } else {
      setState(session, 'connecting');
    }
    let opened: Promise<TerminalBackend>;
    try {
      opened = shells.openShell(session.target, size);
    } catch (error) {
      opened = Promise.reject(error);
    }
    opened.then(
      (backend) => {
        if (session.removed || session.generation !== generation) {
          // Closed, or superseded by a manual reconnect, while connecting.
          backend.close();
          return;
        }
        attach(session, backend, generation);
        // A resize that arrived while connecting.
        if (size.cols !== session.size.cols || size.rows !== session.size.rows) backend.resize(session.size.cols, session.size.rows);
      },
      (error: unknown) => {
        if (session.removed || session.generation !== generation) return;
        setState(session, 'disconnected', messageOf(error));
        scheduleReconnect(session);
      },
    );
  }

  function remove(session: Session): void {
    session.removed = true;
    clearRetry(session);
    detach(session);
    session.batcher.dispose();
    sessions.delete(session.id);
  }

  return {
    async openTerminal(target) {
      const id = randomUUID();
      const batcher = new OutputBatcher({
        flushMs: deps.flow?.batchMs,
        maxBatchChars: deps.flow?.maxBatchChars,
        leading: deps.flow?.leadingFlush ?? true,
        onFlush: (data) => {
          events.emit('terminal:data', { terminalId: id, data });
          flow.sent(data.length);
          for (const listener of outputListeners) listener(id, target, data);
        },
      });
      const flow = new FlowController({
        highWatermark: deps.flow?.highWatermark,
        lowWatermark: deps.flow?.lowWatermark,
        // Paused: hold output here and stop reading the far end, so at most the batch
        // that crossed the watermark is outstanding.
        onPause: () => {
          batcher.hold();
          session.backend?.pause();
        },
        onResume: () => {
          session.backend?.resume();
          batcher.release();
        },
      });
      const session: Session = {
        id, target, state: 'connecting', size: { ...DEFAULT_TERMINAL_SIZE },
        generation: 0, attempt: 0, everConnected: false, removed: false, flow, batcher,
      };
      sessions.set(id, session);
      connect(session);
      if (session.state === 'closed' && target === 'local') {
        const detail = session.detail;
        remove(session);
        throw new ApiError('INTERNAL', detail ?? 'could not start the local shell');
      }
      return { terminalId: id };
    },

    async writeTerminal(terminalId, data) {
      const session = get(terminalId);
      if (session.state === 'connected' && session.backend) {
        session.backend.write(data);
        return;
      }
      const who = label(session);
      // 'connected' without a backend: the shell exited and its last output is still queued.
      switch (session.state === 'connected' ? 'closed' : session.state) {
        case 'connecting':
          throw new ApiError('FAILED_PRECONDITION', `${who} is still connecting`);
        case 'closed':
          throw new ApiError('FAILED_PRECONDITION', `${who} has exited; reconnect to start a new shell`);
        default:
          throw new ApiError('FAILED_PRECONDITION', `${who} is disconnected; reconnecting…`);
      }
    },

    async resizeTerminal(terminalId, cols, rows) {
      const session = get(terminalId);
      session.size = { cols, rows };
      session.backend?.resize(cols, rows);
    },

    async ackTerminal(terminalId, chars) {
      get(terminalId).flow.ack(chars);
    },

    async closeTerminal(terminalId) {
      const session = get(terminalId);
      remove(session);
      setState(session, 'closed', 'closed');
    },

    async reconnectTerminal(terminalId) {
      const session = get(terminalId);
      // A first attempt still under way: let it finish.
      if (session.state === 'connecting' && !session.everConnected) return;
      // A live local shell has no link to restore.
      if (session.target === 'local' && session.backend) return;
      session.attempt = 0;
      connect(session);
    },

    async listTerminals() {
      return [...sessions.values()].map(info);
    },

    async terminalStats(terminalId): Promise<TerminalStats> {
      const session = get(terminalId);
      return { terminalId, ...session.flow.snapshot() };
    },

    onOutput(listener) {
      outputListeners.add(listener);
      return () => outputListeners.delete(listener);
    },

    async terminalFor(target) {
      // The newest live session: the one the learner's current page shows.
      let found: Session | undefined;
      for (const session of sessions.values()) if (session.target === target && session.state !== 'closed') found = session;
      return found ? found.id : (await this.openTerminal(target)).terminalId;
    },

    onState(terminalId, listener) {
      let set = stateListeners.get(terminalId);
      if (!set) stateListeners.set(terminalId, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },

    whenConnected(terminalId, timeoutMs) {
      const session = get(terminalId);
      if (session.state === 'connected' && session.backend) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new ApiError('FAILED_PRECONDITION', `${label(session)} is not connected${session.detail ? `: ${session.detail}` : ''}. Check it in Hosts, then try again.`));
        }, timeoutMs);
        const off = this.onState(terminalId, (current) => {
          if (current.state === 'connected') {
            clearTimeout(timer);
            off();
            resolve();
          } else if (current.state === 'closed') {
            clearTimeout(timer);
            off();
            reject(new ApiError('FAILED_PRECONDITION', `${label(session)} has closed (${current.detail ?? 'ended'}).`));
          }
        });
      });
    },

    async dispose() {
      for (const session of [...sessions.values()]) remove(session);
      outputListeners.clear();
      stateListeners.clear();
    },
  };
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
