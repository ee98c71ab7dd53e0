import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { benchBytes, benchChunks, seededRandom } from './bench-source';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('bench source', () => {
  it('is deterministic per seed and exact in size, whatever the chunking', () => {
    const a = benchBytes(300_000);
    const b = Buffer.concat([...benchChunks(300_000, { chunkBytes: 4_097 })]);
    expect(a.length).toBe(300_000);
    expect(sha(b)).toBe(sha(a));
    expect(sha(benchBytes(300_000, 7))).not.toBe(sha(a));
    expect([...benchChunks(10_000, { chunkBytes: 4_000 })].map((c) => c.length)).toEqual([4_000, 4_000, 2_000]);
  });

  it('looks like ls -lR output, valid UTF-8 with some multi-byte names and colours', () => {
    const text = benchBytes(200_000).toString('utf8');
    expect(text).not.toContain('\ufffd');
    expect(text.startsWith('/usr/lib:\r\ntotal ')).toBe(true);
    expect(text).toMatch(/\r\n-rw-r--r-- {2}1 \w+ +\w+ +\d+ \w{3} [ \d]\d [ \d]\d(:\d\d|\d\d\d) /);
    expect(text).toContain('\x1b[01;34m');
    expect([...text].some((ch) => ch.codePointAt(0)! > 0x7f)).toBe(true);
  });

  it('the PRNG is uniform enough and reproducible', () => {
    const r1 = seededRandom(1);
    const r2 = seededRandom(1);
    const xs = Array.from({ length: 10_000 }, () => r1());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => r2()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });
});
