// The transfer helpers: the throttle lets one event through per interval, the hashing
// pass-through counts and hashes exactly the bytes it passes on; sizes read as people write them.
import { createHash, randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatBytes } from './messages';
import { hashing, throttle } from './transfer-progress';

afterEach(() => vi.useRealTimers());

describe('throttle', () => {
  it('passes the first call, then at most one per interval', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const sent: number[] = [];
    const tick = throttle(100, (n) => sent.push(n));
    tick(1);
    tick(2);
    vi.advanceTimersByTime(99);
    tick(3);
    vi.advanceTimersByTime(1);
    tick(4);
    tick(5);
    vi.advanceTimersByTime(250);
    tick(6);
    expect(sent).toEqual([1, 4, 6]);
  });
});

describe('hashing', () => {
  it('passes the bytes on unchanged while counting and hashing them', async () => {
    const data = randomBytes(200_000);
    const hash = createHash('sha256');
    const counts: number[] = [];
    const out: Buffer[] = [];
    const sink = new PassThrough();
    sink.on('data', (b: Buffer) => out.push(b));
    await pipeline(Readable.from([data.subarray(0, 70_000), data.subarray(70_000)]), hashing(hash, (n) => counts.push(n)), sink);
    expect(Buffer.concat(out).equals(data)).toBe(true);
    expect(counts).toEqual([70_000, 200_000]);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(data).digest('hex'));
  });
});

describe('formatBytes', () => {
  it('picks the unit by size', () => {
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25.0 MB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.00 GB');
  });
});
