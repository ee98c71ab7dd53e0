// One tab's page: a status bar (state, detail, notes, Find, Reconnect) and the terminal.
// The xterm element is owned by the session and only moved in and out of this container,
// so switching tabs or remounting the panel never loses scrollback.
import { useEffect, useLayoutEffect, useRef } from 'react';
import { useNow } from '../../ui/useNow';
import { TerminalSearch } from './TerminalSearch';
import { canReconnect, dataState, stateLabel } from './terminal-labels';
import type { TerminalSession } from './terminal-session';
import { useTerminalsStore, type TerminalTab } from './terminals-store';

export interface TerminalPaneProps {
  target: string;
  label: string;
  tone: string;
  tab: TerminalTab;
  active: boolean;
  tabId: string;
  paneId: string;
}

function describe(tab: TerminalTab, label: string, now: number): string {
  if (tab.error) return tab.error;
  switch (tab.phase) {
    case 'idle':
    case 'opening':
    case 'connecting':
      return `Connecting to ${label}…`;
    case 'connected':
      return `Connected to ${label}`;
    case 'reconnecting':
    {
      // Count down like the tab does; core's detail says the delay as it was when sent.
      const attempt = tab.detail ? /attempt \d+/.exec(tab.detail)?.[0] : undefined;
      const what = tab.retryAt !== undefined ? stateLabel('reconnecting', tab.retryAt, now) : `reconnecting${tab.detail ? `: ${tab.detail}` : '…'}`;
      return `${what[0]!.toUpperCase()}${what.slice(1)}${attempt && tab.retryAt !== undefined ? ` (${attempt})` : ''}${tab.lastError ? ` — ${tab.lastError}` : ''}`;
    }
    case 'disconnected':
      return tab.detail ? `Disconnected: ${tab.detail}` : 'Disconnected';
    case 'closed':
      return tab.detail ? `Closed: ${tab.detail}` : 'Closed';
  }
}

export function TerminalPane({ target, label, tone, tab, active, tabId, paneId }: TerminalPaneProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  // Created by the runtime through sessions.ts: always a TerminalSession.
  const session = (useTerminalsStore((s) => s.runtime)?.session(target) ?? null) as TerminalSession | null;
  const searchOpen = useTerminalsStore((s) => s.searchTarget === target);
  const focusRequest = useTerminalsStore((s) => s.focusRequest);
  const now = useNow(active && tab.phase === 'reconnecting' && tab.retryAt !== undefined);

  useLayoutEffect(() => {
    const container = containerRef.current;
    if (!session || !container) return;
    session.attach(container);
    const observer = new ResizeObserver(() => session.scheduleFit());
    observer.observe(container);
    return () => {
      observer.disconnect();
      session.detach(container);
    };
  }, [session]);

  // A tab that becomes visible measures its real size now.
  useLayoutEffect(() => {
    if (active) session?.fitNow();
  }, [active, session]);

  useEffect(() => {
    if (active && focusRequest > 0) session?.focus();
  }, [active, focusRequest, session]);

  const reconnect = () => {
    void useTerminalsStore.getState().reconnect(target);
    session?.focus();
  };

  return (
    <div
      className={`terminal-pane host-tone-${tone}`}
      role="tabpanel"
      id={paneId}
      aria-labelledby={tabId}
      hidden={!active}
      data-testid={`terminal-pane-${target}`}
    >
      <div className="terminal-pane__bar">
        <span className={`terminal-pane__status terminal-pane__status--${dataState(tab.phase)}`} data-testid={`terminal-status-${target}`}>
          {describe(tab, label, now)}
        </span>
        {tab.note ? (
          <span className="terminal-pane__note" role="status" data-testid={`terminal-note-${target}`}>
            {tab.note}
          </span>
        ) : null}
        <span className="terminal-pane__actions">
          {canReconnect(tab.phase) ? (
            <button type="button" className="button button--small terminal-pane__reconnect" onClick={reconnect} data-testid={`terminal-reconnect-${target}`}>
              Reconnect
            </button>
          ) : null}
          <button
            type="button"
            className="terminal-icon-button"
            onClick={() => useTerminalsStore.getState().openSearch(target)}
            aria-label="Find in terminal"
            title="Find (Ctrl+Shift+F)"
            disabled={!session}
          >
            <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round">
              <circle cx="7" cy="7" r="4.25" />
              <path d="M10.25 10.25L13.5 13.5" />
            </svg>
          </button>
        </span>
      </div>
      <div className="terminal-pane__body">
        {searchOpen && session ? <TerminalSearch session={session} onClose={() => useTerminalsStore.getState().closeSearch()} /> : null}
        <div className="terminal-view" ref={containerRef} data-testid={`terminal-${target}`} data-terminal-id={tab.terminalId ?? undefined} />
      </div>
    </div>
  );
}
