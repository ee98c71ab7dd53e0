import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OUTPUT_BATCH_MS } from '../../../common/flow-control';
import { OUTPUT_MAX_BATCH_BYTES, OutputBatcher, incompleteUtf8Tail, joinParts } from './output-batcher';

/** The batches as text: each must decode on its own (a batch ends on a character boundary). */
function batcher(options: { maxBatchBytes?: number; flushMs?: number; leading?: boolean } = {}) {
  const out: string[] = [];
  const sizes: number[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const b = new OutputBatcher({
    ...options,
    onFlush: (parts, bytes) => {
      const data = joinParts(parts);
      expect(data.length).toBe(bytes);
      sizes.push(bytes);
      out.push(decoder.decode(data));
    },
  });
  return { b, out, sizes };
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
    expect(b.pendingBytes).toBe(0);
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
    expect(OUTPUT_MAX_BATCH_BYTES).toBe(200_000);
    const { b, out, sizes } = batcher({ maxBatchBytes: 10 });
    b.push(Buffer.from('12345'));
    expect(out).toEqual([]);
    b.push(Buffer.from('6789012345678901234'));
    expect(out).toEqual(['1234567890', '1234567890', '1234']);
    expect(sizes).toEqual([10, 10, 4]);
  });

  it('never splits a character at a slice boundary', () => {
    const { b, out, sizes } = batcher({ maxBatchBytes: 5 });
    b.push(Buffer.from('abc😀de')); // the emoji is 4 bytes at 3–6
    vi.runAllTimers();
    expect(out).toEqual(['abc', '😀d', 'e']);
    expect(sizes.every((n) => n <= 5)).toBe(true);
  });

  it('emits the backend\'s chunks themselves (no copy); joinParts gives a buffer of its own', () => {
    const emitted: Uint8Array[][] = [];
    const own = new OutputBatcher({ onFlush: (parts) => emitted.push(parts) });
    const packet = Buffer.from('header:output:trailer');
    const chunk = packet.subarray(7, 14);
    own.push(chunk);
    own.push(packet.subarray(14));
    vi.advanceTimersByTime(OUTPUT_BATCH_MS);
    expect(emitted).toHaveLength(1);
    expect(emitted[0]![0]).toBe(chunk); // the same view: nothing copied
    expect(emitted[0]![0]!.buffer).toBe(packet.buffer);
    const joined = joinParts(emitted[0]!);
    expect(joined.toString()).toBe('output:trailer');
    expect(joined.buffer.byteLength).toBe(14); // not the packet's buffer, nor a pool's
  });

  it('cuts a batch at the size limit inside a chunk, on a character boundary, without copying', () => {
    const emitted: Uint8Array[][] = [];
    const own = new OutputBatcher({ maxBatchBytes: 5, onFlush: (parts) => emitted.push(parts) });
    own.hold();
    const a = Buffer.from('ab');
    const b = Buffer.from('c€d'); // 63 e2 82 ac 64: the limit falls inside the euro sign
    own.push(a);
    own.push(b);
    own.release();
    expect(emitted.map((parts) => joinParts(parts).toString())).toEqual(['abc', '€d']);
    expect(emitted[0]![1]!.buffer).toBe(b.buffer);
    expect(emitted[1]![0]!.buffer).toBe(b.buffer);
  });

  it('completes a character split across chunks with a tiny part, and keeps the chunks\' order', () => {
    const emitted: Uint8Array[][] = [];
    const own = new OutputBatcher({ onFlush: (parts) => emitted.push(parts) });
    const grin = Buffer.from('😀'); // f0 9f 98 80
    const first = Buffer.concat([Buffer.from('x'), grin.subarray(0, 1)]);
    const second = Buffer.concat([grin.subarray(1, 2)]);
    const third = Buffer.concat([grin.subarray(2), Buffer.from('y'.repeat(1000))]);
    own.push(first);
    own.push(second); // still one byte short: waits
    own.push(third);
    vi.advanceTimersByTime(OUTPUT_BATCH_MS);
    const parts = emitted[0]!;
    expect(parts.map((p) => p.length)).toEqual([1, 4, 1000]);
    expect(parts[2]!.buffer).toBe(third.buffer); // the big chunk is not copied to join the character
    expect(joinParts(parts).toString()).toBe(`x😀${'y'.repeat(1000)}`);
  });

  it('incompleteUtf8Tail counts the first bytes of an unfinished character', () => {
    const euro = Buffer.from('€'); // e2 82 ac
    const grin = Buffer.from('😀'); // f0 9f 98 80
    expect(incompleteUtf8Tail(Buffer.from('ab'))).toBe(0);
    expect(incompleteUtf8Tail(euro)).toBe(0);
    expect(incompleteUtf8Tail(euro.subarray(0, 1))).toBe(1);
    expect(incompleteUtf8Tail(euro.subarray(0, 2))).toBe(2);
    expect(incompleteUtf8Tail(Buffer.concat([Buffer.from('x'), grin.subarray(0, 3)]))).toBe(3);
    expect(incompleteUtf8Tail(grin)).toBe(0);
    expect(incompleteUtf8Tail(Buffer.from([0x80, 0x80]))).toBe(0); // stray continuation bytes: nothing to wait for
  });

  it('puts text of its own before a character still waiting for its last bytes', () => {
    const { b, out } = batcher();
    const euro = Buffer.from('€');
    b.push(euro.subarray(0, 1));
    b.push('note ');
    b.push(euro.subarray(1));
    vi.advanceTimersByTime(OUTPUT_BATCH_MS);
    expect(out.join('')).toBe('note €');
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
    // Nothing pending: endStream adds nothing.
    b.endStream();
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
    expect(b.pendingBytes).toBe(5);
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
    const b: OutputBatcher = new OutputBatcher({ maxBatchBytes: 5, onFlush: (data) => { out.push(String(data)); b.hold(); } });
    b.push('aaaaabbbbbccccc');
    expect(out).toEqual(['aaaaa']);
    expect(b.pendingBytes).toBe(10);
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
