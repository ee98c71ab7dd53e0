// Everything behind the terminal tabs that is not React state: which core terminal id
// belongs to which tab, the xterm sessions, output and states that came before an id was
// bound, and the opens in flight. One object per ApiClient, created by the app's event
// wiring (app/connect-stores.ts), which feeds it core's terminal:* events; the
// terminals store's actions reach it through `runtime`.
//
// It starts when the panel hands it the session factory (start): events before that are
// ignored and nothing opens, as when no one listened yet.
import type { ApiClient, TerminalInfo } from '../../../common/api';
import { errorCode, errorMessage } from '../../app/errors';
import { PreOpenQueue } from './terminal-flow';
import { retryDeadline } from './terminal-labels';
import type { SessionLink } from './terminal-session';
import { patchTab, type TerminalTab, useTerminalsStore } from './terminals-store';

/** What the runtime needs from a session (terminal-session.ts implements it over xterm). */
export interface TerminalSessionLike {
  readonly target: string;
  readonly id: string | null;
  bind(terminalId: string): void;
  output(data: Uint8Array): void;
  writeNotice(text: string): void;
  focus(): void;
  dispose(): void;
}

/** Makes a tab's session; `link` is how the session reaches core and the store. */
export type SessionFactory = (target: string, link: SessionLink) => TerminalSessionLike;

export class TerminalRuntime {
  private createSession: SessionFactory | null = null;
  private disposed = false;
  private readonly sessions = new Map<string, TerminalSessionLike>();
  /** terminalId → target, for routing events. */
  private readonly targets = new Map<string, string>();
  /** Output for ids not bound to a session yet. */
  private readonly early = new PreOpenQueue();
  /** Latest state event for ids not bound yet. */
  private readonly earlyStates = new Map<string, TerminalInfo>();
  private readonly opening = new Map<string, Promise<string | null>>();

  constructor(private readonly api: ApiClient) {}

  private get started(): boolean {
    return this.createSession !== null && !this.disposed;
  }

  /**
   * Lets tabs create xterm sessions and takes over the sessions core still has (after a
   * reload). The panel calls it as it renders; later calls change nothing.
   */
  start(createSession: SessionFactory): void {
    if (this.createSession || this.disposed) return;
    this.createSession = createSession;
    // focusTerminal may have been asked before the panel started us.
    // (Later, not now: this may run while React renders the panel.)
    queueMicrotask(() => {
      void this.adoptExisting().finally(() => {
        const { active } = useTerminalsStore.getState();
        if (active && this.started) void this.ensureOpen(active);
      });
    });
  }

  /** Disposes every session and stops (tests; the wiring undone). */
  dispose(): void {
    this.disposed = true;
    for (const session of this.sessions.values()) session.dispose();
    this.sessions.clear();
    this.targets.clear();
    this.earlyStates.clear();
    this.opening.clear();
  }

  /** The session of a tab, for the panel (null before the panel started the runtime). */
  session(target: string): TerminalSessionLike | null {
    if (this.disposed) return null;
    const existing = this.sessions.get(target);
    if (existing) return existing;
    const { createSession, api } = this;
    if (!createSession) return null;
    const session = createSession(target, {
      write: (id, data) => api.writeTerminal(id, data),
      resize: (id, cols, rows) => api.resizeTerminal(id, cols, rows),
      ack: (id, bytes) => {
        api.ackTerminal(id, bytes).catch(() => {});
      },
      note: (message) => useTerminalsStore.getState().setNote(target, message),
      openSearch: () => useTerminalsStore.getState().openSearch(target),
    });
    this.sessions.set(target, session);
    return session;
  }

  /** core's `terminal:data`: straight to the bound session's xterm, else kept for later. */
  readonly onData = ({ terminalId, data }: { terminalId: string; data: Uint8Array }): void => {
    if (!this.started) return;
    const target = this.targets.get(terminalId);
    const session = target === undefined ? undefined : this.sessions.get(target);
    if (session && session.id === terminalId) {
      session.output(data);
      return;
    }
    this.ackEarly(terminalId, this.early.push(terminalId, data));
  };

  /** core's `terminal:state`. */
  readonly onState = (info: TerminalInfo): void => {
    if (!this.started) return;
    const target = this.targets.get(info.terminalId);
    if (target !== undefined) {
      this.applyState(target, info);
      return;
    }
    const tab = useTerminalsStore.getState().tabs[info.target];
    // A session core opened for a tab that has none (e.g. a block run from a lesson): adopt it.
    if (!this.opening.has(info.target) && !tab?.terminalId && info.state !== 'closed') {
      this.bindId(info.target, info.terminalId);
      this.applyState(info.target, info);
      return;
    }
    this.earlyStates.set(info.terminalId, info);
    // Keep this map small: only ids that may still be bound.
    if (this.earlyStates.size > 32) this.earlyStates.delete(this.earlyStates.keys().next().value as string);
  };

  /** core's `terminal:exit`. */
  readonly onExit = ({ terminalId, code }: { terminalId: string; code: number | null }): void => {
    if (!this.started) return;
    const target = this.targets.get(terminalId);
    if (target !== undefined) patchTab(target, { exitCode: code });
  };

  /** Opens the session of a tab if it has none (or its open failed); resolves to its id. */
  ensureOpen(target: string): Promise<string | null> {
    const pending = this.opening.get(target);
    if (pending) return pending;
    const tab = useTerminalsStore.getState().tabs[target];
    if (tab?.terminalId) return Promise.resolve(tab.terminalId);
    if (!this.started) return Promise.resolve(null);
    // A failed open is retried by Reconnect, not by every re-render.
    if (tab?.error) return Promise.resolve(null);
    const opening = this.openSession(target).finally(() => this.opening.delete(target));
    this.opening.set(target, opening);
    return opening;
  }

  /**
   * The page lost its connection to core (the browser host's socket dropped): until resync
   * says otherwise no tab's session is known to be usable, and a tab must not look
   * connected, or what the learner types would go to a session that may be gone.
   */
  connectionLost(): void {
    for (const [target, tab] of Object.entries(useTerminalsStore.getState().tabs)) {
      if (tab.terminalId) patchTab(target, { phase: 'reconnecting', retryAt: undefined, detail: 'the app is reconnecting' });
    }
  }

  /**
   * The connection to core came back (the browser host's socket dropped): tabs whose
   * session core still has keep it (and acknowledge what the old connection left unread);
   * tabs whose session is gone (the host restarted) get a new shell, with a dim line
   * marking the break; sessions opened meanwhile are adopted.
   */
  async resync(): Promise<void> {
    if (!this.started) return;
    let infos: TerminalInfo[];
    try {
      infos = await this.api.listTerminals();
    } catch {
      return;
    }
    const live = new Map(infos.map((info) => [info.terminalId, info]));
    for (const [target, tab] of Object.entries(useTerminalsStore.getState().tabs)) {
      if (!tab.terminalId || !this.started) continue;
      const info = live.get(tab.terminalId);
      if (info) {
        this.applyState(target, info);
        this.api.ackTerminal(tab.terminalId, Number.MAX_SAFE_INTEGER).catch(() => {});
        continue;
      }
      this.targets.delete(tab.terminalId);
      patchTab(target, { terminalId: null, error: undefined });
      this.sessions.get(target)?.writeNotice('— the app restarted: a new shell —');
      void this.ensureOpen(target);
    }
    await this.adoptExisting();
  }

  /** Reconnects a disconnected or closed tab (reopens it if core forgot it). */
  async reconnect(target: string): Promise<void> {
    const tab = useTerminalsStore.getState().tabs[target];
    if (!this.started) return;
    if (!tab?.terminalId) {
      patchTab(target, { error: undefined });
      await this.ensureOpen(target);
      return;
    }
    patchTab(target, { note: undefined });
    try {
      await this.api.reconnectTerminal(tab.terminalId);
    } catch (err) {
      if (errorCode(err) === 'NOT_FOUND') {
        // Core no longer knows this session: start a new one in the same tab.
        this.targets.delete(tab.terminalId);
        patchTab(target, { terminalId: null, error: undefined });
        await this.ensureOpen(target);
        return;
      }
      useTerminalsStore.getState().setNote(target, `Could not reconnect: ${errorMessage(err)}`);
    }
  }

  private ackEarly(terminalId: string, bytes: number): void {
    if (bytes > 0) this.api.ackTerminal(terminalId, bytes).catch(() => {});
  }

  /** Ties a core terminal id to a tab: routes its output there, replays what came early. */
  private bindId(target: string, terminalId: string): void {
    const session = this.session(target);
    for (const [id, t] of this.targets) if (t === target && id !== terminalId) this.targets.delete(id);
    this.targets.set(terminalId, target);
    patchTab(target, { terminalId, error: undefined });
    if (session) {
      session.bind(terminalId);
      for (const chunk of this.early.take(terminalId)) session.output(chunk);
    }
    const early = this.earlyStates.get(terminalId);
    this.earlyStates.delete(terminalId);
    if (early) this.applyState(target, early);
  }

  private applyState(target: string, info: TerminalInfo): void {
    const patch: Partial<TerminalTab> = {
      phase: info.state,
      detail: info.detail,
      retryAt: info.state === 'reconnecting' ? retryDeadline(info.detail, Date.now()) : undefined,
    };
    if (info.state === 'disconnected') patch.lastError = info.detail;
    if (info.state === 'connected') {
      patch.note = undefined;
      patch.lastError = undefined;
    }
    if (info.state === 'connected' || info.state === 'connecting') patch.exitCode = undefined;
    patchTab(target, patch);
  }

  /**
   * After a reload, core's sessions are still alive: the tabs take them over instead of
   * opening new shells. Output sent to the old page was never acknowledged, so the new page
   * acknowledges it all at once (ack clamps to what is outstanding) to release flow control.
   */
  private async adoptExisting(): Promise<void> {
    let infos: TerminalInfo[];
    try {
      infos = await this.api.listTerminals();
    } catch {
      return;
    }
    for (const info of infos) {
      if (!this.started || info.state === 'closed') continue;
      const tab = useTerminalsStore.getState().tabs[info.target];
      if (tab?.terminalId || this.opening.has(info.target)) continue;
      this.bindId(info.target, info.terminalId);
      this.applyState(info.target, info);
      this.api.ackTerminal(info.terminalId, Number.MAX_SAFE_INTEGER).catch(() => {});
    }
  }

  private async openSession(target: string): Promise<string | null> {
    const session = this.session(target);
    patchTab(target, { phase: 'opening', error: undefined, detail: undefined, note: undefined });
    try {
      const { terminalId } = await this.api.openTerminal(target);
      this.bindId(target, terminalId);
      const tab = useTerminalsStore.getState().tabs[target];
      if (tab?.phase === 'opening') patchTab(target, { phase: 'connecting' });
      return terminalId;
    } catch (err) {
      const message = errorMessage(err);
      patchTab(target, { phase: 'closed', error: message, detail: undefined });
      session?.writeNotice(`Could not open the terminal: ${errorMessage(err)}`);
      return null;
    }
  }
}
