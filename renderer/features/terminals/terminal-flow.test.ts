import { describe, expect, it } from 'vitest';
import { FLOW_ACK_CHARS, FLOW_LOW_WATERMARK_CHARS } from '../../../common/flow-control';
import { AckCounter, PreOpenQueue } from './terminal-flow';

describe('AckCounter', () => {
  it('acknowledges in whole chunks of FLOW_ACK_CHARS, never more than was written', () => {
    const acks = new AckCounter();
    expect(acks.written(4999)).toBe(0);
    expect(acks.written(1)).toBe(FLOW_ACK_CHARS);
    expect(acks.written(12_345)).toBe(10_000);
    expect(acks.unacknowledged).toBe(2345);
    expect(acks.written(0)).toBe(0);
    expect(acks.written(-5)).toBe(0);
  });

  it('over a long stream acknowledges everything but a remainder below one chunk', () => {
    const acks = new AckCounter();
    let written = 0;
    let acked = 0;
    for (let i = 0; i < 1000; i++) {
      const n = (i * 7919) % 9000;
      written += n;
      acked += acks.written(n);
    }
    expect(written - acked).toBe(acks.unacknowledged);
    expect(acks.unacknowledged).toBeLessThan(FLOW_ACK_CHARS);
    // The ack size must not exceed the low watermark, or a paused backend never resumes.
    expect(FLOW_ACK_CHARS).toBeLessThanOrEqual(FLOW_LOW_WATERMARK_CHARS);
  });

  it('starts over after reset', () => {
    const acks = new AckCounter(10);
    acks.written(7);
    acks.reset();
    expect(acks.written(7)).toBe(0);
    expect(acks.written(3)).toBe(10);
  });

  it('rejects a chunk size that is not positive', () => {
    expect(() => new AckCounter(0)).toThrow(RangeError);
  });
});

describe('PreOpenQueue', () => {
  it('keeps output per terminal in order and hands it over once', () => {
    const q = new PreOpenQueue(100, 4);
    expect(q.push('a', 'hello ')).toBe(0);
    expect(q.push('b', 'other')).toBe(0);
    expect(q.push('a', 'world')).toBe(0);
    expect(q.charsFor('a')).toBe(11);
    expect(q.take('a')).toEqual(['hello ', 'world']);
    expect(q.take('a')).toEqual([]);
    expect(q.terminalCount).toBe(1);
  });

  it('is bounded per terminal: drops the oldest output and reports how much', () => {
    const q = new PreOpenQueue(10, 4);
    expect(q.push('a', '0123456')).toBe(0);
    expect(q.push('a', 'abcdef')).toBe(3);
    expect(q.take('a').join('')).toBe('3456abcdef');
    expect(q.push('a', 'x'.repeat(25))).toBe(15);
    expect(q.charsFor('a')).toBe(10);
  });

  it('is bounded in terminals: the oldest terminal goes first', () => {
    const q = new PreOpenQueue(100, 2);
    q.push('a', 'aaa');
    q.push('b', 'bb');
    expect(q.push('c', 'c')).toBe(3);
    expect(q.take('a')).toEqual([]);
    expect(q.take('b')).toEqual(['bb']);
    expect(q.take('c')).toEqual(['c']);
  });

  it('ignores empty output and reports discarded chars', () => {
    const q = new PreOpenQueue();
    expect(q.push('a', '')).toBe(0);
    expect(q.terminalCount).toBe(0);
    q.push('a', 'abc');
    expect(q.discard('a')).toBe(3);
    expect(q.discard('a')).toBe(0);
  });
});
