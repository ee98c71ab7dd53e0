import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OUTPUT_BATCH_MS } from '../../../common/flow-control';
import { OUTPUT_MAX_BATCH_CHARS, OutputBatcher } from './output-batcher';

function batcher(options: { maxBatchChars?: number; flushMs?: number; leading?: boolean } = {}) {
  const out: string[] = [];
  const b = new OutputBatcher({ ...options, onFlush: (data) => out.push(data) });
  return { b, out };
}

describe('OutputBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('coalesces chunks within one frame into one flush', () => {
    const { b, out } = batcher();
    b.push('a');
    b.push('b');
    vi.advanceTimersByTime(OUTPUT_BATCH_MS - 1);
    b.push('c');
    expect(out).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(out).toEqual(['abc']);
    b.push('d');
    vi.advanceTimersByTime(OUTPUT_BATCH_MS);
    expect(out).toEqual(['abc', 'd']);
    expect(b.pendingChars).toBe(0);
  });

  it('with leading: output after a quiet frame goes at once, what follows within the frame is batched', () => {
    const { b, out } = batcher({ leading: true });
    b.push('$ ');
    expect(out).toEqual(['$ ']);
    b.push('l');
    vi.advanceTimersByTime(5);
    b.push('s');
    expect(out).toEqual(['$ ']);
    vi.advanceTimersByTime(OUTPUT_BATCH_MS - 5); // the frame that started with '$ ' ends
    expect(out).toEqual(['$ ', 'ls']);
    b.push('\r\n'); // the frame of 'ls' is still running: wait for it
    expect(out).toEqual(['$ ', 'ls']);
    vi.advanceTimersByTime(OUTPUT_BATCH_MS);
    expect(out).toEqual(['$ ', 'ls', '\r\n']);
    vi.advanceTimersByTime(OUTPUT_BATCH_MS * 2);
    b.push('x');
    expect(out).toEqual(['$ ', 'ls', '\r\n', 'x']);
  });

  it('with leading: a clock stepped back never holds output for more than a frame', () => {
    const { b, out } = batcher({ leading: true });
    b.push('a');
    vi.setSystemTime(Date.now() - 60_000); // NTP or a VM resync steps the clock back a minute
    b.push('b');
    vi.advanceTimersByTime(OUTPUT_BATCH_MS);
    expect(out).toEqual(['a', 'b']);
  });

  it('flushes at once when a batch reaches the size limit (200 KB by default), in slices no larger', () => {
    expect(OUTPUT_MAX_BATCH_CHARS).toBe(200_000);
    const { b, out } = batcher({ maxBatchChars: 10 });
    b.push('12345');
    expect(out).toEqual([]);
    b.push('6789012345678901234');
    expect(out).toEqual(['1234567890', '1234567890', '1234']);
    expect(out.every((s) => s.length <= 10)).toBe(true);
  });

  it('never splits a surrogate pair at a slice boundary', () => {
    const { b, out } = batcher({ maxBatchChars: 4 });
    b.push('abc😀de'); // the emoji is two UTF-16 units at index 3-4
    vi.runAllTimers();
    expect(out.join('')).toBe('abc😀de');
    expect(out[0]).toBe('abc');
    expect(out.every((s) => s.length <= 4)).toBe(true);
  });

  it('decodes UTF-8 split across byte chunks without mangling it', () => {
    const { b, out } = batcher();
    const bytes = Buffer.from('é → 😀 ok', 'utf8');
    // Feed one byte at a time: every multi-byte char is split.
    for (const byte of bytes) b.push(Uint8Array.of(byte));
    vi.advanceTimersByTime(OUTPUT_BATCH_MS);
    expect(out).toEqual(['é → 😀 ok']);
    expect(out.join('')).not.toContain('\ufffd');
  });

  it('keeps a split char across a frame boundary', () => {
    const { b, out } = batcher();
    const euro = Buffer.from('€', 'utf8'); // 3 bytes
    b.push(euro.subarray(0, 1));
    vi.advanceTimersByTime(OUTPUT_BATCH_MS * 3);
    expect(out).toEqual([]);
    b.push(euro.subarray(1));
    vi.advanceTimersByTime(OUTPUT_BATCH_MS);
    expect(out).toEqual(['€']);
  });

  it('endStream turns an incomplete trailing char into U+FFFD and starts a fresh decoder', () => {
    const { b, out } = batcher();
    b.push(Buffer.from('€', 'utf8').subarray(0, 2));
    b.endStream();
    b.push(Buffer.from('x', 'utf8'));
    vi.advanceTimersByTime(OUTPUT_BATCH_MS);
    expect(out).toEqual(['\ufffdx']);
  });

  it('holds output while held and emits it at once on release', () => {
    const { b, out } = batcher();
    b.push('a');
    b.hold();
    b.push('held');
    vi.advanceTimersByTime(OUTPUT_BATCH_MS * 10);
    b.flush();
    expect(out).toEqual([]);
    expect(b.pendingChars).toBe(5);
    b.release();
    expect(out).toEqual(['aheld']);
    b.release(); // not held: nothing happens
    b.push('next');
    expect(out).toEqual(['aheld']);
    vi.advanceTimersByTime(OUTPUT_BATCH_MS);
    expect(out).toEqual(['aheld', 'next']);
  });

  it('stops a multi-slice flush as soon as the consumer holds it', () => {
    const out: string[] = [];
    const b: OutputBatcher = new OutputBatcher({ maxBatchChars: 5, onFlush: (data) => { out.push(data); b.hold(); } });
    b.push('aaaaabbbbbccccc');
    expect(out).toEqual(['aaaaa']);
    expect(b.pendingChars).toBe(10);
    b.release();
    expect(out).toEqual(['aaaaa', 'bbbbb']);
  });

  it('whenDrained fires at once when empty and after the last flush otherwise', () => {
    const { b } = batcher();
    const calls: string[] = [];
    b.whenDrained(() => calls.push('now'));
    b.push('x');
    b.whenDrained(() => calls.push('later'));
    expect(calls).toEqual(['now']);
    vi.advanceTimersByTime(OUTPUT_BATCH_MS);
    expect(calls).toEqual(['now', 'later']);
  });

  it('dispose drops pending output and timers', () => {
    const { b, out } = batcher();
    b.push('x');
    b.dispose();
    b.push('y');
    vi.runAllTimers();
    expect(out).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
