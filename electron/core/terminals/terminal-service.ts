// Terminal sessions: SSH shells on the course hosts and a local shell, each with output
// batching (one event per ~16 ms frame), flow control (pause the backend at 1,000,000
// unacknowledged bytes, resume below 500,000) and, for SSH, automatic reconnection with
// exponential backoff after a dropped link.
//
// Lifecycle of one terminal:
//   connecting → connected → (exit code n) → closed, with terminal:exit
//                          → (link dropped, code null) → disconnected → reconnecting
//                            → connected (a dim notice line marks the break) …
// openTerminal returns the id at once; the connection proceeds in the background and
// reports through terminal:state (a renderer that may miss early events can ask
// listTerminals). This file answers the API over the open sessions (session-registry.ts);
// one terminal's state machine is terminal-session.ts, its retry timing reconnect-backoff.ts.
import { randomUUID } from 'node:crypto';
import type { Api, TerminalInfo, TerminalStats } from '../../../common/api';
import { ApiError } from '../../../common/errors';
import type { EventBus } from '../events';
import type { ShellOpener, TerminalBackend, TerminalSize } from './backend';
import { createLocalShell } from './local-shell';
import { DEFAULT_RECONNECT, type ReconnectPolicy } from './reconnect-backoff';
import { SessionRegistry } from './session-registry';
import { TerminalSession, type TerminalFlowOptions, type TerminalSessionDeps } from './terminal-session';

export type TerminalOps = Pick<Api, 'writeTerminal' | 'resizeTerminal' | 'closeTerminal' | 'reconnectTerminal' | 'listTerminals' | 'terminalStats'>;

/** The viewer of calls made in process without one (tests, tools). */
export const IN_PROCESS_VIEWER = 'in-process';

export interface TerminalServiceDeps {
  events: EventBus;
  shells: ShellOpener;
  /** Starts the local shell (default: createLocalShell, a login shell over node-pty). */
  localShell?: (size: TerminalSize) => TerminalBackend;
  /** Random source for jitter (default Math.random); tests pass () => 0 for exact delays. */
  random?: () => number;
  reconnect?: Partial<ReconnectPolicy>;
  /** Flow-control and batching knobs, for tests; defaults from common/flow-control.ts. */
  flow?: TerminalFlowOptions;
}

/** A terminal's output as sent to renderers: a batch of UTF-8 bytes in its parts (views: read them now, do not keep them), ending on a character boundary. */
export type OutputListener = (terminalId: string, target: string, parts: readonly Uint8Array[]) => void;

export interface TerminalService extends TerminalOps {
  /** Opens a terminal; `viewer` (null: none, e.g. a block run) counts as watching it. */
  openTerminal(target: string, viewer?: string | null): Promise<{ terminalId: string }>;
  /** `viewer` has processed `bytes` more bytes of its output (and watches it from now on). */
  ackTerminal(terminalId: string, bytes: number, viewer?: string): Promise<void>;
  /** A window or socket went away: its terminals stop waiting for its acknowledgements. */
  viewerGone(viewer: string): void;
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

export function createTerminalService(deps: TerminalServiceDeps): TerminalService {
  const sessions = new SessionRegistry<TerminalSession>();
  const outputListeners = new Set<OutputListener>();
  // Kept per id beyond a session's removal: closing a terminal still tells its listeners.
  const stateListeners = new Map<string, Set<(info: TerminalInfo) => void>>();
  const sessionDeps: TerminalSessionDeps = {
    events: deps.events,
    shells: deps.shells,
    localShell: deps.localShell ?? ((size: TerminalSize) => createLocalShell(size)),
    random: deps.random ?? Math.random,
    reconnect: { ...DEFAULT_RECONNECT, ...deps.reconnect },
    flow: deps.flow,
    output(session, parts) {
      for (const listener of outputListeners) listener(session.id, session.target, parts);
    },
    stateChanged(info) {
      for (const listener of stateListeners.get(info.terminalId) ?? []) listener(info);
    },
  };

  function remove(session: TerminalSession): void {
    session.dispose();
    sessions.delete(session.id);
  }

  return {
    async openTerminal(target, viewer = IN_PROCESS_VIEWER) {
      const session = new TerminalSession(randomUUID(), target, sessionDeps);
      sessions.add(session);
      if (viewer !== null) session.attachViewer(viewer);
      session.connect();
      if (session.state === 'closed' && target === 'local') {
        const detail = session.detail;
        remove(session);
        throw new ApiError('INTERNAL', detail ?? 'could not start the local shell');
      }
      return { terminalId: session.id };
    },

    async writeTerminal(terminalId, data) {
      sessions.get(terminalId).write(data);
    },

    async resizeTerminal(terminalId, cols, rows) {
      sessions.get(terminalId).resize(cols, rows);
    },

    async ackTerminal(terminalId, bytes, viewer = IN_PROCESS_VIEWER) {
      sessions.get(terminalId).ack(viewer, bytes);
    },

    viewerGone(viewer) {
      for (const session of sessions.all()) session.detachViewer(viewer);
    },

    async closeTerminal(terminalId) {
      const session = sessions.get(terminalId);
      remove(session);
      session.announceClosed();
    },

    async reconnectTerminal(terminalId) {
      sessions.get(terminalId).reconnect();
    },

    async listTerminals() {
      return sessions.list();
    },

    async terminalStats(terminalId): Promise<TerminalStats> {
      return { terminalId, ...sessions.get(terminalId).flowStats() };
    },

    onOutput(listener) {
      outputListeners.add(listener);
      return () => outputListeners.delete(listener);
    },

    async terminalFor(target) {
      const found = sessions.newestLive(target);
      // Opened for a block run: the windows that show it become its viewers as they acknowledge.
      return found ? found.id : (await this.openTerminal(target, null)).terminalId;
    },

    onState(terminalId, listener) {
      let set = stateListeners.get(terminalId);
      if (!set) stateListeners.set(terminalId, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },

    whenConnected(terminalId, timeoutMs) {
      const session = sessions.get(terminalId);
      if (session.isLive) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new ApiError('FAILED_PRECONDITION', `${session.label} is not connected${session.detail ? `: ${session.detail}` : ''}. Check it in Hosts, then try again.`));
        }, timeoutMs);
        const off = this.onState(terminalId, (current) => {
          if (current.state === 'connected') {
            clearTimeout(timer);
            off();
            resolve();
          } else if (current.state === 'closed') {
            clearTimeout(timer);
            off();
            reject(new ApiError('FAILED_PRECONDITION', `${session.label} has closed (${current.detail ?? 'ended'}).`));
          }
        });
      });
    },

    async dispose() {
      for (const session of sessions.all()) remove(session);
      outputListeners.clear();
      stateListeners.clear();
    },
  };
}
