// Run-all and catch-up sequencing: order, stop at the first failure, cancel between blocks,
// one sequence at a time. Steps are stand-ins here; block-service.local.test.ts runs real ones.
import { describe, expect, it } from 'vitest';
import type { SequenceEvent } from '../../../common/api';
import type { RunResult } from './block-runner';
import { BlockSequence, type SequenceStep } from './block-sequence';

const ok = (exitCode: number): RunResult => ({ runId: 'r', terminalId: 't', exitCode, lastExitCode: exitCode, durationMs: 1, tail: '', output: '' });
const steps = (...ids: string[]): SequenceStep[] => ids.map((blockId) => ({ lessonId: 'l', blockId }));

function harness(answer: (step: SequenceStep) => Promise<RunResult | undefined>) {
  const events: SequenceEvent[] = [];
  const ran: string[] = [];
  const seq = new BlockSequence({
    emit: (e) => events.push(e),
    runStep: (step) => {
      ran.push(step.blockId);
      return answer(step);
    },
  });
  return { seq, events, ran, states: () => events.map((e) => `${e.state}:${e.done}/${e.total}${e.failedBlockId ? `:${e.failedBlockId}` : ''}`) };
}

describe('block sequence', () => {
  it('runs every step in order and reports each', async () => {
    const h = harness(async () => ok(0));
    await expect(h.seq.run('lesson', 'l', steps('a', 'b'))).resolves.toBe('finished');
    expect(h.ran).toEqual(['a', 'b']);
    expect(h.states()).toEqual(['running:0/2', 'running:1/2', 'running:2/2', 'finished:2/2']);
    expect(h.seq.running).toBe(false);
  });

  it('stops at the first step that fails, cannot start, or throws', async () => {
    for (const bad of [async () => ok(2), async () => undefined, () => Promise.reject(new Error('no terminal'))]) {
      const h = harness((s) => (s.blockId === 'b' ? bad() : Promise.resolve(ok(0))));
      await expect(h.seq.run('catch-up', 'l', steps('a', 'b', 'c'))).resolves.toBe('failed');
      expect(h.ran).toEqual(['a', 'b']);
      expect(h.states().at(-1)).toBe('failed:1/3:b');
    }
  });

  it('refuses a second sequence while one runs, and stops between steps when cancelled', async () => {
    let release!: () => void;
    const h = harness((s) => (s.blockId === 'a' ? new Promise((r) => (release = () => r(ok(0)))) : Promise.resolve(ok(0))));
    const first = h.seq.run('lesson', 'l', steps('a', 'b'));
    expect(h.seq.running).toBe(true);
    await expect(h.seq.run('lesson', 'l', steps('x'))).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect(() => h.seq.assertIdle()).toThrow(/Another lesson run is in progress/);
    h.seq.cancel();
    release();
    await expect(first).resolves.toBe('cancelled');
    expect(h.ran).toEqual(['a']);
    expect(h.states()).toEqual(['running:0/2', 'running:1/2', 'cancelled:1/2']);
    expect(() => h.seq.assertIdle()).not.toThrow();
  });
});
