import { describe, expect, it } from 'vitest';
import { InputCoalescer } from './terminal-input';

function manual() {
  const pending: Array<() => void> = [];
  return { schedule: (f: () => void) => pending.push(f), run: () => pending.splice(0).forEach((f) => f()), pending };
}

describe('InputCoalescer', () => {
  it('sends keystrokes of one tick as one write', () => {
    const sent: string[] = [];
    const tick = manual();
    const input = new InputCoalescer((d) => sent.push(d), tick.schedule);
    input.push('l');
    input.push('s');
    input.push('\r');
    expect(tick.pending).toHaveLength(1);
    expect(sent).toEqual([]);
    tick.run();
    expect(sent).toEqual(['ls\r']);
    input.push('x');
    tick.run();
    expect(sent).toEqual(['ls\r', 'x']);
  });

  it('splits a huge paste into chunks without breaking surrogate pairs', () => {
    const sent: string[] = [];
    const tick = manual();
    const input = new InputCoalescer((d) => sent.push(d), tick.schedule, 4);
    input.push('abc😀defgh');
    tick.run();
    expect(sent.join('')).toBe('abc😀defgh');
    expect(sent[0]).toBe('abc');
    expect(sent.every((s) => s.length <= 4)).toBe(true);
  });

  it('defaults to a microtask', async () => {
    const sent: string[] = [];
    const input = new InputCoalescer((d) => sent.push(d));
    input.push('a');
    input.push('b');
    await Promise.resolve();
    expect(sent).toEqual(['ab']);
  });
});
