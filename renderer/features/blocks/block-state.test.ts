import { describe, expect, it } from 'vitest';
import type { BlockRunEvent } from '../../../common/api';
import {
  attachRun,
  formatDuration,
  formatElapsed,
  isAboutHosts,
  type LiveRun,
  reduceBlockEvent,
  refuseRun,
  runView,
  startRun,
  storedSummary,
  tailLines,
} from './block-state';

const ev = (e: Partial<BlockRunEvent> & Pick<BlockRunEvent, 'state'>): BlockRunEvent => ({ lessonId: 'l', blockId: 'b', runId: 'r1', ...e });

describe('block state from events', () => {
  it('goes from Run through running to succeeded, keeping when it started', () => {
    let run: LiveRun | undefined = startRun(1000);
    expect(runView(run)).toBe('running');
    run = reduceBlockEvent(run, ev({ state: 'running', terminalId: 't1' }), 1500);
    expect(run).toEqual({ phase: 'running', runId: 'r1', terminalId: 't1', startedAt: 1000 });
    run = reduceBlockEvent(run, ev({ state: 'succeeded', terminalId: 't1', exitCode: 0, durationMs: 1200 }), 2700);
    expect(run).toEqual({ phase: 'succeeded', runId: 'r1', terminalId: 't1', exitCode: 0, durationMs: 1200, startedAt: 1000 });
    expect(runView(run)).toBe('succeeded');
  });

  it('a running block whose link dropped says so, and stops saying it once it is followed again', () => {
    let run = reduceBlockEvent(startRun(1000), ev({ state: 'running', terminalId: 't1' }), 1100);
    run = reduceBlockEvent(run, ev({ state: 'running', terminalId: 't1', reason: 'the connection to kube-master dropped' }), 20_000);
    expect(run).toEqual({ phase: 'running', runId: 'r1', terminalId: 't1', startedAt: 1000, reason: 'the connection to kube-master dropped' });
    run = reduceBlockEvent(run, ev({ state: 'running', terminalId: 't1' }), 40_000);
    expect(run).toEqual({ phase: 'running', runId: 'r1', terminalId: 't1', startedAt: 1000 });
  });

  it('keeps a failure’s exit code and tail', () => {
    const run = reduceBlockEvent(undefined, ev({ state: 'failed', exitCode: 2, tail: 'ls: cannot access\n', durationMs: 50 }), 5);
    expect(run).toMatchObject({ phase: 'failed', exitCode: 2, tail: 'ls: cannot access\n' });
    expect(runView(run)).toBe('failed');
  });

  it('reports a blocked run with its reason (no run id)', () => {
    const run = reduceBlockEvent(startRun(1), ev({ runId: '', state: 'blocked', reason: 'master is not connected' }), 2);
    expect(run).toEqual({ phase: 'blocked', reason: 'master is not connected', startedAt: 1 });
    expect(runView(run)).toBe('blocked');
  });

  it('ignores the end of an older run while a newer one runs', () => {
    const newer = reduceBlockEvent(undefined, ev({ runId: 'r2', state: 'running' }), 10);
    expect(reduceBlockEvent(newer, ev({ runId: 'r1', state: 'failed', exitCode: 1 }), 11)).toBe(newer);
  });

  it('starts the clock again for a new run', () => {
    const done = reduceBlockEvent(undefined, ev({ state: 'succeeded', exitCode: 0 }), 10);
    expect(reduceBlockEvent(done, ev({ runId: 'r2', state: 'running' }), 50)).toMatchObject({ runId: 'r2', startedAt: 50 });
  });

  it('maps interrupted and queued', () => {
    expect(runView(reduceBlockEvent(undefined, ev({ state: 'interrupted', exitCode: 130 }), 1))).toBe('interrupted');
    expect(runView(reduceBlockEvent(undefined, ev({ state: 'queued' }), 1))).toBe('running');
    expect(runView(undefined)).toBe('idle');
  });

  it('takes runBlock’s answer whichever comes first, it or the event', () => {
    const fromAnswer = attachRun(startRun(5), { runId: 'r1', terminalId: 't1' }, 9);
    expect(fromAnswer).toEqual({ phase: 'running', runId: 'r1', terminalId: 't1', startedAt: 5 });
    const finished = reduceBlockEvent(startRun(5), ev({ state: 'succeeded', exitCode: 0, terminalId: 't1' }), 6);
    expect(attachRun(finished, { runId: 'r1', terminalId: 't1' }, 9)).toBe(finished);
  });

  it('turns a refused runBlock into blocked unless core already said why', () => {
    expect(refuseRun(startRun(1), 'no such block', 2)).toEqual({ phase: 'blocked', reason: 'no such block', startedAt: 1 });
    const blocked = reduceBlockEvent(startRun(1), ev({ runId: '', state: 'blocked', reason: 'from core' }), 2);
    expect(refuseRun(blocked, 'the same, as an error', 3)).toBe(blocked);
  });
});

describe('words', () => {
  it('formats durations', () => {
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(40)).toBe('40 ms');
    expect(formatDuration(960)).toBe('1.0 s');
    expect(formatDuration(12_600)).toBe('13 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(120_000)).toBe('2 min');
    expect(formatElapsed(3999)).toBe('3 s');
    expect(formatElapsed(63_000)).toBe('1 min 3 s');
  });

  it('knows which reasons are about the hosts', () => {
    expect(isAboutHosts('The master terminal is not connected: timed out. Check it in Hosts, then try again.')).toBe(true);
    expect(isAboutHosts('"Save" cannot run yet: {{master.ip}} not set yet (set it in Hosts).')).toBe(true);
    expect(isAboutHosts('The master terminal is still running a command. Wait for it, or press Interrupt.')).toBe(false);
    expect(isAboutHosts(undefined)).toBe(false);
  });

  it('splits the tail into lines without trailing blanks', () => {
    expect(tailLines('a\r\nb\n\n')).toEqual(['a', 'b']);
    expect(tailLines('')).toEqual([]);
  });

  it('summarizes a stored result', () => {
    expect(storedSummary({ exitCode: 0, at: 'x', durationMs: 1200 })).toEqual({ outcome: 'succeeded', text: 'Succeeded earlier in 1.2 s' });
    expect(storedSummary({ exitCode: 1, at: 'x' })).toEqual({ outcome: 'failed', text: 'Failed earlier with exit code 1' });
    expect(storedSummary({ exitCode: 0, at: 'x', typed: true, corrected: false }).text).toBe('Typed ✓');
    expect(storedSummary({ exitCode: 0, at: 'x', typed: true, corrected: true }).text).toBe('Typed with corrections');
  });
});

describe('expected output', () => {
  it('keeps the mismatch of a run that exited 0, and words a stored one', async () => {
    const { reduceBlockEvent, storedSummary } = await import('./block-state');
    const run = reduceBlockEvent(undefined, { lessonId: 'l', blockId: 'b', runId: 'r', state: 'failed', exitCode: 0, outputMismatch: 'the output lacks `is healthy`' }, 1);
    expect(run).toMatchObject({ phase: 'failed', exitCode: 0, outputMismatch: 'the output lacks `is healthy`' });
    expect(storedSummary({ exitCode: 0, at: 'x', outputMismatch: 'the output lacks `is healthy`' })).toEqual({ outcome: 'failed', text: 'Exited 0 earlier, but the output lacks `is healthy`' });
  });
});
