// A command block's run as the renderer shows it: a local "starting" step after Run, then
// core's `block:state` events, or else the result progress stored from an earlier run.
// Pure: no DOM, no React, no clock (callers pass `now`).
import type { BlockRunEvent, BlockRunState } from '../../../common/api';
import type { LessonProgress } from '../../../common/progress';

/** What `data-run-state` says about a block. */
export type RunView = 'idle' | 'running' | 'succeeded' | 'failed' | 'interrupted' | 'blocked';

export interface LiveRun {
  /** 'starting': Run was pressed and core has not reported the run yet. */
  phase: 'starting' | BlockRunState;
  runId?: string;
  terminalId?: string;
  exitCode?: number;
  durationMs?: number;
  tail?: string;
  reason?: string;
  /** Exit 0, but the output lacks what the block expects. */
  outputMismatch?: string;
  /** When the renderer saw the run start (ms since the epoch), for the elapsed time. */
  startedAt: number;
}

export type StoredResult = LessonProgress['blocks'][string];

export function blockKey(lessonId: string, blockId: string): string {
  return `${lessonId}/${blockId}`;
}

const FINAL = new Set<LiveRun['phase']>(['succeeded', 'failed', 'interrupted', 'blocked']);

export function isActive(run: LiveRun | undefined): boolean {
  return run !== undefined && !FINAL.has(run.phase);
}

/** Run was pressed. */
export function startRun(now: number): LiveRun {
  return { phase: 'starting', startedAt: now };
}

/** Applies one `block:state` event to the block's run; returns `prev` when the event is stale. */
export function reduceBlockEvent(prev: LiveRun | undefined, e: BlockRunEvent, now: number): LiveRun | undefined {
  const ids = { ...(e.runId ? { runId: e.runId } : {}), ...(e.terminalId ? { terminalId: e.terminalId } : {}) };
  if (e.state === 'queued' || e.state === 'running') {
    const sameRun = prev?.runId !== undefined && prev.runId === e.runId;
    const startedAt = prev && (prev.phase === 'starting' || sameRun) ? prev.startedAt : now;
    // A reason while running: the link dropped and the block goes on on the VM.
    return { phase: e.state, ...ids, startedAt, ...(e.reason ? { reason: e.reason } : {}) };
  }
  // The end of an older run while a newer one is under way says nothing about the newer one.
  if (prev && isActive(prev) && prev.runId && e.runId && prev.runId !== e.runId) return prev;
  return {
    phase: e.state,
    ...ids,
    ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}),
    ...(e.durationMs !== undefined ? { durationMs: e.durationMs } : {}),
    ...(e.tail ? { tail: e.tail } : {}),
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.outputMismatch ? { outputMismatch: e.outputMismatch } : {}),
    startedAt: prev?.startedAt ?? now,
  };
}

/** runBlock answered: the run exists (its `running` event may come before or after this). */
export function attachRun(prev: LiveRun | undefined, started: { runId: string; terminalId: string }, now: number): LiveRun {
  if (!prev || prev.phase === 'starting') return { phase: 'running', ...started, startedAt: prev?.startedAt ?? now };
  return prev.terminalId ? prev : { ...prev, terminalId: started.terminalId };
}

/** runBlock was refused: unless core already said why (a `blocked` event), say it now. */
export function refuseRun(prev: LiveRun | undefined, reason: string, now: number): LiveRun {
  if (prev && prev.phase !== 'starting') return prev;
  return { phase: 'blocked', reason, startedAt: prev?.startedAt ?? now };
}

export function runView(live: LiveRun | undefined): RunView {
  if (!live) return 'idle';
  if (live.phase === 'starting' || live.phase === 'queued') return 'running';
  return live.phase;
}

/** "40 ms", "1.2 s", "12 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 950) return `${Math.max(0, Math.round(ms))} ms`;
  const s = ms / 1000;
  if (s < 10) return `${(Math.round(s * 10) / 10).toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const whole = Math.round(s);
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
}

/** Elapsed whole seconds for a running block: "0 s", "14 s", "1 min 3 s". */
export function formatElapsed(ms: number): string {
  const whole = Math.floor(Math.max(0, ms) / 1000);
  if (whole < 60) return `${whole} s`;
  const rest = whole % 60;
  return rest ? `${Math.floor(whole / 60)} min ${rest} s` : `${Math.floor(whole / 60)} min`;
}

/** Is a blocked reason about the learner's machines (so a link to Hosts helps)? */
export function isAboutHosts(reason: string | undefined): boolean {
  if (!reason) return false;
  return /\bhosts?\b|\bconnect|not connected|disconnected|ssh|host key|authenticat|password|unreachable|refused|timed out|no route/i.test(reason);
}

/** The tail's lines, without trailing blanks; empty when there is no output. */
export function tailLines(tail: string | undefined): string[] {
  if (!tail) return [];
  const lines = tail.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length && lines[lines.length - 1]?.trim() === '') lines.pop();
  return lines;
}

/** A short line about a result stored from an earlier session. */
export function storedSummary(stored: StoredResult): { outcome: 'succeeded' | 'failed'; text: string } {
  const took = stored.durationMs !== undefined ? ` in ${formatDuration(stored.durationMs)}` : '';
  if (stored.typed) {
    const how = stored.corrected ? 'Typed with corrections' : 'Typed ✓';
    return stored.exitCode === 0
      ? { outcome: 'succeeded', text: how }
      : { outcome: 'failed', text: `${how}, but the last command failed (exit code ${stored.exitCode})` };
  }
  if (stored.exitCode === 0 && stored.outputMismatch) return { outcome: 'failed', text: `Exited 0 earlier, but ${stored.outputMismatch}` };
  return stored.exitCode === 0
    ? { outcome: 'succeeded', text: `Succeeded earlier${took}` }
    : { outcome: 'failed', text: `Failed earlier with exit code ${stored.exitCode}` };
}
