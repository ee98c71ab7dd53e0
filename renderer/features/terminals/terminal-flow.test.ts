import { describe, expect, it } from 'vitest';
import { FLOW_ACK_BYTES, FLOW_LOW_WATERMARK_BYTES } from '../../../common/flow-control';
import { AckCounter, PreOpenQueue, slices } from './terminal-flow';

const b = (s: string) => new TextEncoder().encode(s);
const text = (chunks: Uint8Array[]) => chunks.map((c) => new TextDecoder().decode(c));

describe('AckCounter', () => {
  it('acknowledges in whole chunks of FLOW_ACK_BYTES, never more than was written', () => {
    const acks = new AckCounter();
    expect(acks.written(4999)).toBe(0);
    expect(acks.written(1)).toBe(FLOW_ACK_BYTES);
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
    expect(acks.unacknowledged).toBeLessThan(FLOW_ACK_BYTES);
    // The ack size must not exceed the low watermark, or a paused backend never resumes.
    expect(FLOW_ACK_BYTES).toBeLessThanOrEqual(FLOW_LOW_WATERMARK_BYTES);
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
    expect(q.push('a', b('hello '))).toBe(0);
    expect(q.push('b', b('other'))).toBe(0);
    expect(q.push('a', b('world'))).toBe(0);
    expect(q.bytesFor('a')).toBe(11);
    expect(text(q.take('a'))).toEqual(['hello ', 'world']);
    expect(q.take('a')).toEqual([]);
    expect(q.terminalCount).toBe(1);
  });

  it('is bounded per terminal: drops the oldest output and reports how much', () => {
    const q = new PreOpenQueue(10, 4);
    expect(q.push('a', b('0123456'))).toBe(0);
    expect(q.push('a', b('abcdef'))).toBe(3);
    expect(text(q.take('a')).join('')).toBe('3456abcdef');
    expect(q.push('a', b('x'.repeat(25)))).toBe(15);
    expect(q.bytesFor('a')).toBe(10);
  });

  it('is bounded in terminals: the oldest terminal goes first', () => {
    const q = new PreOpenQueue(100, 2);
    q.push('a', b('aaa'));
    q.push('b', b('bb'));
    expect(q.push('c', b('c'))).toBe(3);
    expect(q.take('a')).toEqual([]);
    expect(text(q.take('b'))).toEqual(['bb']);
    expect(text(q.take('c'))).toEqual(['c']);
  });

  it('ignores empty output and reports discarded bytes', () => {
    const q = new PreOpenQueue();
    expect(q.push('a', b(''))).toBe(0);
    expect(q.terminalCount).toBe(0);
    q.push('a', b('abc'));
    expect(q.discard('a')).toBe(3);
    expect(q.discard('a')).toBe(0);
  });
});

describe('slices', () => {
  it('cuts output into views of at most the slice size, in order, without copying', () => {
    const data = b('0123456789');
    const parts = slices(data, 4);
    expect(text(parts)).toEqual(['0123', '4567', '89']);
    expect(parts.every((p) => p.buffer === data.buffer)).toBe(true);
    expect(slices(data, 10)).toEqual([data]);
    expect(slices(new Uint8Array(0), 4)).toEqual([new Uint8Array(0)]);
    expect(() => slices(data, 0)).toThrow(RangeError);
  });
});
