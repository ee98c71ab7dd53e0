// The terminals: one tab per course host (coloured like its HostBadge) plus the local
// shell. A tab opens its session the first time it is shown; output never goes through
// React (see terminal-session.ts and terminal-runtime.ts).
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useNow } from '../../ui/useNow';
import { useHostsStore } from '../hosts/hosts-store';
import { useCourseStore } from '../lessons/course-store';
import { hostTone } from '../lessons/lessons';
import { TerminalPane } from './TerminalPane';
import { applyThemeToSessions, createXtermSession, watchTheme } from './sessions';
import { dataState, stateLabel } from './terminal-labels';
import { useTerminalsStore, type TerminalTab } from './terminals-store';

interface TabSpec {
  target: string;
  label: string;
  /** The role, shown as a hint next to the machine name. */
  role?: string;
  tone: string;
}

const idSafe = (target: string) => target.replace(/[^a-z0-9-]/gi, '_');

function TabButton({ spec, tab, active, onSelect, onKeyDown }: { spec: TabSpec; tab: TerminalTab; active: boolean; onSelect: () => void; onKeyDown: (e: KeyboardEvent<HTMLButtonElement>) => void }) {
  const now = useNow(tab.phase === 'reconnecting' && tab.retryAt !== undefined);
  const state = dataState(tab.phase);
  const label = stateLabel(tab.phase, tab.retryAt, now);
  return (
    <button
      type="button"
      role="tab"
      id={`terminal-tab-${idSafe(spec.target)}`}
      aria-selected={active}
      aria-controls={`terminal-pane-${idSafe(spec.target)}`}
      tabIndex={active ? 0 : -1}
      className={`terminal-tab host-tone-${spec.tone}${active ? ' terminal-tab--active' : ''}`}
      onClick={onSelect}
      onKeyDown={onKeyDown}
      data-testid={`terminal-tab-${spec.target}`}
      data-state={state}
      title={spec.role ? `${spec.label} (${spec.role})` : spec.label}
    >
      <span className="terminal-tab__swatch" aria-hidden="true" />
      <span className="terminal-tab__label">{spec.label}</span>
      <span className={`terminal-tab__state terminal-tab__state--${state}`}>
        <span className="terminal-tab__dot" aria-hidden="true" />
        <span className="terminal-tab__state-text">{label}</span>
      </span>
    </button>
  );
}

export function TerminalPanel() {
  // The terminals start with the panel (idempotent); they live as long as the app (output
  // must keep being written and acknowledged even while the panel is not mounted).
  useTerminalsStore((s) => s.runtime)?.start(createXtermSession);

  const course = useCourseStore((s) => s.course);
  const tabs = useTerminalsStore((s) => s.tabs);
  const active = useTerminalsStore((s) => s.active);
  const shown = useTerminalsStore((s) => s.shown);
  const tabListRef = useRef<HTMLDivElement>(null);

  const specs: TabSpec[] = [
    ...(course?.hosts ?? []).map((h) => ({ target: h.role, label: h.hostname, role: h.role, tone: course ? hostTone(course, h.role) : 'unknown' })),
    { target: 'local', label: 'Local shell', tone: 'local' },
  ];
  const current = specs.some((s) => s.target === active) ? active : null;

  useEffect(() => watchTheme(applyThemeToSessions), []);

  // Nothing shown yet: show the first course host the learner has set up, else the local
  // shell (opening a tab starts its session: no reconnect loop for a VM not set up yet).
  const hostsStatus = useHostsStore((s) => s.status);
  const configured = useHostsStore((s) => s.hosts);
  const courseReady = course !== null;
  const first = hostsStatus === 'loading' ? null : (specs.find((s) => s.target !== 'local' && configured.some((h) => h.role === s.target))?.target ?? 'local');
  useEffect(() => {
    if (current === null && first && courseReady) useTerminalsStore.getState().showTab(first);
  }, [current, first, courseReady]);

  const select = (target: string) => useTerminalsStore.getState().showTab(target);

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    let next = -1;
    if (e.key === 'ArrowRight') next = (index + 1) % specs.length;
    else if (e.key === 'ArrowLeft') next = (index - 1 + specs.length) % specs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = specs.length - 1;
    if (next < 0) return;
    e.preventDefault();
    const spec = specs[next]!;
    select(spec.target);
    tabListRef.current?.querySelector<HTMLButtonElement>(`[data-testid="terminal-tab-${spec.target}"]`)?.focus();
  };

  return (
    <section className="terminal-panel" aria-label="Terminals" data-testid="terminal-panel">
      <div className="terminal-panel__tabs" role="tablist" aria-label="Terminals" ref={tabListRef}>
        {specs.map((spec, i) => (
          <TabButton
            key={spec.target}
            spec={spec}
            tab={tabs[spec.target] ?? { target: spec.target, terminalId: null, phase: 'idle' }}
            active={spec.target === current}
            onSelect={() => select(spec.target)}
            onKeyDown={(e) => onTabKey(e, i)}
          />
        ))}
      </div>
      <div className="terminal-panel__panes">
        {specs
          .filter((spec) => shown.includes(spec.target))
          .map((spec) => (
            <TerminalPane
              key={spec.target}
              target={spec.target}
              label={spec.label}
              tone={spec.tone}
              tab={tabs[spec.target] ?? { target: spec.target, terminalId: null, phase: 'idle' }}
              active={spec.target === current}
              tabId={`terminal-tab-${idSafe(spec.target)}`}
              paneId={`terminal-pane-${idSafe(spec.target)}`}
            />
          ))}
        {current === null ? <p className="terminal-panel__empty">Loading the course’s machines…</p> : null}
      </div>
    </section>
  );
}
