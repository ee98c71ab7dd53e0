// Terminal tabs: which one is shown, and each one's connection state. Only state changes
// live here; output goes straight from the terminal:data event to xterm (see
// lib/terminal-session.ts), never through React or zustand.
//
// connectTerminals(api, createSession) wires core's terminal events once per app; the
// TerminalPanel calls it. focusTerminal(target) opens (lazily) and shows a tab;
// terminalIdFor(target) is the id core gave it.
import { create } from 'zustand';
import type { ApiClient, TerminalInfo } from '../../common/api';
import { errorCode, errorMessage } from '../lib/errors';
import { PreOpenQueue } from '../lib/terminal-flow';
import { retryDeadline, type TerminalPhase } from '../lib/terminal-labels';

export interface TerminalTab {
  target: string;
  terminalId: string | null;
  phase: TerminalPhase;
  /** Core's detail for the state ("exited with code 0", "retrying in 4 s (attempt 3)"). */
  detail?: string;
  /** Why the link last dropped (kept while core retries, whose detail is the countdown). */
  lastError?: string;
  /** When a scheduled reconnect is due (ms since the epoch), for the countdown. */
  retryAt?: number;
  /** openTerminal failed: why. */
  error?: string;
  /** A dim inline note, e.g. keys that could not be sent while disconnected. */
  note?: string;
  exitCode?: number | null;
}

/** What the store needs from a session (lib/terminal-session.ts implements it over xterm). */
export interface TerminalSessionLike {
  readonly target: string;
  readonly id: string | null;
  bind(terminalId: string): void;
  output(data: string): void;
  writeNotice(text: string): void;
  focus(): void;
  dispose(): void;
}

export interface SessionCallbacks {
  write(terminalId: string, data: string): Promise<void>;
  resize(terminalId: string, cols: number, rows: number): Promise<void>;
  ack(terminalId: string, chars: number): void;
  note(message: string): void;
  openSearch(): void;
}

export type SessionFactory = (target: string, callbacks: SessionCallbacks) => TerminalSessionLike;

export interface TerminalsState {
  tabs: Record<string, TerminalTab>;
  /** The tab shown; null until the panel or focusTerminal picks one. */
  active: string | null;
  /** Tabs that were shown at least once (their xterm exists and is kept). */
  shown: string[];
  /** The tab whose search bar is open. */
  searchTarget: string | null;
  /** Bumped when the shown terminal should take keyboard focus. */
  focusRequest: number;
  /** Shows a tab, opening its session if needed, and focuses its terminal. */
  focusTerminal(target: string): void;
  /** Shows a tab without moving keyboard focus (the tab strip). */
  showTab(target: string): void;
  /** Core's id for a tab's session, or null when it has none yet. */
  terminalIdFor(target: string): string | null;
  /** Opens the session of a tab if it has none (or its open failed); resolves to its id. */
  ensureOpen(target: string): Promise<string | null>;
  /** Reconnects a disconnected or closed tab (reopens it if core forgot it). */
  reconnect(target: string): Promise<void>;
  setNote(target: string, note: string | undefined): void;
  openSearch(target: string): void;
  closeSearch(): void;
}

interface Runtime {
  api: ApiClient | null;
  createSession: SessionFactory | null;
  sessions: Map<string, TerminalSessionLike>;
  /** terminalId → target, for routing events. */
  targets: Map<string, string>;
  /** Output for ids not bound to a session yet. */
  early: PreOpenQueue;
  /** Latest state event for ids not bound yet. */
  earlyStates: Map<string, TerminalInfo>;
  opening: Map<string, Promise<string | null>>;
  off: (() => void) | null;
}

const runtime: Runtime = {
  api: null,
  createSession: null,
  sessions: new Map(),
  targets: new Map(),
  early: new PreOpenQueue(),
  earlyStates: new Map(),
  opening: new Map(),
  off: null,
};

function blankTab(target: string): TerminalTab {
  return { target, terminalId: null, phase: 'idle' };
}

function patchTab(target: string, patch: Partial<TerminalTab>): void {
  useTerminalsStore.setState((s) => {
    const current = s.tabs[target] ?? blankTab(target);
    return { tabs: { ...s.tabs, [target]: { ...current, ...patch } } };
  });
}

function ackEarly(terminalId: string, chars: number): void {
  if (chars > 0) runtime.api?.ackTerminal(terminalId, chars).catch(() => {});
}

function sessionFor(target: string): TerminalSessionLike | null {
  const existing = runtime.sessions.get(target);
  if (existing) return existing;
  const { createSession } = runtime;
  if (!createSession) return null;
  const session = createSession(target, {
    write: (id, data) => runtime.api?.writeTerminal(id, data) ?? Promise.reject(new Error('not connected to the app')),
    resize: (id, cols, rows) => runtime.api?.resizeTerminal(id, cols, rows) ?? Promise.resolve(),
    ack: (id, chars) => {
      runtime.api?.ackTerminal(id, chars).catch(() => {});
    },
    note: (message) => useTerminalsStore.getState().setNote(target, message),
    openSearch: () => useTerminalsStore.getState().openSearch(target),
  });
  runtime.sessions.set(target, session);
  return session;
}

/** Ties a core terminal id to a tab: routes its output there, replays what came early. */
function bindId(target: string, terminalId: string): void {
  const session = sessionFor(target);
  for (const [id, t] of runtime.targets) if (t === target && id !== terminalId) runtime.targets.delete(id);
  runtime.targets.set(terminalId, target);
  patchTab(target, { terminalId, error: undefined });
  if (session) {
    session.bind(terminalId);
    for (const chunk of runtime.early.take(terminalId)) session.output(chunk);
  }
  const early = runtime.earlyStates.get(terminalId);
  runtime.earlyStates.delete(terminalId);
  if (early) applyState(target, early);
}

function applyState(target: string, info: TerminalInfo): void {
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

function onData({ terminalId, data }: { terminalId: string; data: string }): void {
  const target = runtime.targets.get(terminalId);
  const session = target === undefined ? undefined : runtime.sessions.get(target);
  if (session && session.id === terminalId) {
    session.output(data);
    return;
  }
  ackEarly(terminalId, runtime.early.push(terminalId, data));
}

function onState(info: TerminalInfo): void {
  const target = runtime.targets.get(info.terminalId);
  if (target !== undefined) {
    applyState(target, info);
    return;
  }
  const tab = useTerminalsStore.getState().tabs[info.target];
  // A session core opened for a tab that has none (e.g. a block run from a lesson): adopt it.
  if (!runtime.opening.has(info.target) && !tab?.terminalId && info.state !== 'closed' && runtime.createSession) {
    bindId(info.target, info.terminalId);
    applyState(info.target, info);
    return;
  }
  runtime.earlyStates.set(info.terminalId, info);
  // Keep this map small: only ids that may still be bound.
  if (runtime.earlyStates.size > 32) runtime.earlyStates.delete(runtime.earlyStates.keys().next().value as string);
}

function onExit({ terminalId, code }: { terminalId: string; code: number | null }): void {
  const target = runtime.targets.get(terminalId);
  if (target !== undefined) patchTab(target, { exitCode: code });
}

/**
 * After a reload, core's sessions are still alive: the tabs take them over instead of
 * opening new shells. Output sent to the old page was never acknowledged, so the new page
 * acknowledges it all at once (ack clamps to what is outstanding) to release flow control.
 */
async function adoptExisting(api: ApiClient): Promise<void> {
  let infos: TerminalInfo[];
  try {
    infos = await api.listTerminals();
  } catch {
    return;
  }
  for (const info of infos) {
    if (runtime.api !== api || info.state === 'closed') continue;
    const tab = useTerminalsStore.getState().tabs[info.target];
    if (tab?.terminalId || runtime.opening.has(info.target)) continue;
    bindId(info.target, info.terminalId);
    applyState(info.target, info);
    api.ackTerminal(info.terminalId, Number.MAX_SAFE_INTEGER).catch(() => {});
  }
}

/**
 * Subscribes to core's terminal events and lets tabs create xterm sessions. Idempotent
 * per ApiClient; returns a function that undoes it (tests and a changed client).
 */
export function connectTerminals(api: ApiClient, createSession: SessionFactory): () => void {
  if (runtime.api === api && runtime.off) return runtime.off;
  runtime.off?.();
  runtime.api = api;
  runtime.createSession = createSession;
  const offs = [api.on('terminal:data', onData), api.on('terminal:state', onState), api.on('terminal:exit', onExit)];
  const off = () => {
    offs.forEach((o) => o());
    if (runtime.off === off) {
      runtime.off = null;
      runtime.api = null;
      runtime.createSession = null;
    }
  };
  runtime.off = off;
  // focusTerminal may have been asked before the panel connected us.
  // (Later, not now: this may run while React renders the panel.)
  queueMicrotask(() => {
    void adoptExisting(api).finally(() => {
      const { active } = useTerminalsStore.getState();
      if (active && runtime.api === api) void useTerminalsStore.getState().ensureOpen(active);
    });
  });
  return off;
}

/** The session of a tab, for the panel (null before the panel connected). */
export function terminalSession(target: string): TerminalSessionLike | null {
  return sessionFor(target);
}

/** Drops every session and all state (tests; a new course). */
export function resetTerminals(): void {
  runtime.off?.();
  for (const session of runtime.sessions.values()) session.dispose();
  runtime.sessions.clear();
  runtime.targets.clear();
  runtime.early = new PreOpenQueue();
  runtime.earlyStates.clear();
  runtime.opening.clear();
  useTerminalsStore.setState({ tabs: {}, active: null, shown: [], searchTarget: null, focusRequest: 0 });
}

async function openSession(target: string): Promise<string | null> {
  const api = runtime.api;
  if (!api) return null;
  const session = sessionFor(target);
  patchTab(target, { phase: 'opening', error: undefined, detail: undefined, note: undefined });
  try {
    const { terminalId } = await api.openTerminal(target);
    bindId(target, terminalId);
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

export const useTerminalsStore = create<TerminalsState>()((set, get) => ({
  tabs: {},
  active: null,
  shown: [],
  searchTarget: null,
  focusRequest: 0,

  focusTerminal: (target) => {
    get().showTab(target);
    set((s) => ({ focusRequest: s.focusRequest + 1 }));
  },

  showTab: (target) => {
    set((s) => ({
      active: target,
      shown: s.shown.includes(target) ? s.shown : [...s.shown, target],
      tabs: s.tabs[target] ? s.tabs : { ...s.tabs, [target]: blankTab(target) },
      searchTarget: s.searchTarget === target ? s.searchTarget : null,
    }));
    void get().ensureOpen(target);
  },

  terminalIdFor: (target) => get().tabs[target]?.terminalId ?? null,

  ensureOpen: (target) => {
    const pending = runtime.opening.get(target);
    if (pending) return pending;
    const tab = get().tabs[target];
    if (tab?.terminalId) return Promise.resolve(tab.terminalId);
    if (!runtime.api) return Promise.resolve(null);
    // A failed open is retried by Reconnect, not by every re-render.
    if (tab?.error) return Promise.resolve(null);
    const opening = openSession(target).finally(() => runtime.opening.delete(target));
    runtime.opening.set(target, opening);
    return opening;
  },

  reconnect: async (target) => {
    const tab = get().tabs[target];
    const api = runtime.api;
    if (!api) return;
    if (!tab?.terminalId) {
      patchTab(target, { error: undefined });
      await get().ensureOpen(target);
      return;
    }
    patchTab(target, { note: undefined });
    try {
      await api.reconnectTerminal(tab.terminalId);
    } catch (err) {
      if (errorCode(err) === 'NOT_FOUND') {
        // Core no longer knows this session: start a new one in the same tab.
        runtime.targets.delete(tab.terminalId);
        patchTab(target, { terminalId: null, error: undefined });
        await get().ensureOpen(target);
        return;
      }
      get().setNote(target, `Could not reconnect: ${errorMessage(err)}`);
    }
  },

  setNote: (target, note) => {
    if (get().tabs[target]?.note === note) return;
    patchTab(target, { note });
  },

  openSearch: (target) => set({ searchTarget: target }),
  closeSearch: () => set({ searchTarget: null }),
}));
