// Terminal tabs: which one is shown, and each one's connection state. Only state changes
// live here; output goes straight from the terminal:data event to xterm (see
// terminal-session.ts), never through React or zustand. What is not state (core's ids,
// the sessions, output that came early) lives in `runtime` (terminal-runtime.ts),
// which the app's event wiring creates and feeds.
//
// focusTerminal(target) opens (lazily) and shows a tab; terminalIdFor(target) is the id
// core gave it.
import { create } from 'zustand';
import type { TerminalPhase } from './terminal-labels';
import type { TerminalRuntime } from './terminal-runtime';

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

export interface TerminalsState {
  /** Core's side of the tabs; null until the app's wiring sets it (and then the panel starts it). */
  runtime: TerminalRuntime | null;
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
  setRuntime(runtime: TerminalRuntime | null): void;
}

export function blankTab(target: string): TerminalTab {
  return { target, terminalId: null, phase: 'idle' };
}

export function patchTab(target: string, patch: Partial<TerminalTab>): void {
  useTerminalsStore.setState((s) => {
    const current = s.tabs[target] ?? blankTab(target);
    return { tabs: { ...s.tabs, [target]: { ...current, ...patch } } };
  });
}

export const useTerminalsStore = create<TerminalsState>()((set, get) => ({
  runtime: null,
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

  ensureOpen: (target) => get().runtime?.ensureOpen(target) ?? Promise.resolve(null),

  reconnect: async (target) => {
    await get().runtime?.reconnect(target);
  },

  setNote: (target, note) => {
    if (get().tabs[target]?.note === note) return;
    patchTab(target, { note });
  },

  openSearch: (target) => set({ searchTarget: target }),
  closeSearch: () => set({ searchTarget: null }),
  setRuntime: (runtime) => set({ runtime }),
}));
