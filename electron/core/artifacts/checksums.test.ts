import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checksumFileFor, digestFile, findDigest, mismatchMessage } from './checksums';

const h256 = (s: string) => createHash('sha256').update(s).digest('hex');
const h512 = (s: string) => createHash('sha512').update(s).digest('hex');
const F = 'etcd-v3.4.23-linux-amd64.tar.gz';

describe('findDigest', () => {
  it('takes a bare digest (Kubernetes .sha512, crictl .sha256), with or without newline, any case', () => {
    const d = h512('x');
    expect(findDigest(d, 'kubernetes-node-linux-amd64.tar.gz', 'sha512')).toEqual({ digest: d });
    expect(findDigest(`${d.toUpperCase()}\n`, 'kubernetes-node-linux-amd64.tar.gz', 'sha512')).toEqual({ digest: d });
    expect(findDigest(`${h256('y')}\r\n`, 'crictl.tar.gz', 'sha256')).toEqual({ digest: h256('y') });
  });

  it('finds the line for the file name in a SUMS list (etcd SHA256SUMS), not another file', () => {
    const sums = [
      `${h256('a')}  etcd-v3.4.23-darwin-amd64.zip`,
      `${h256('b')}  etcd-v3.4.23-linux-amd64.tar.gz.asc`,
      `${h256('c')}  ${F}`,
      `${h256('d')}  etcd-v3.4.23-linux-arm64.tar.gz`,
      '',
    ].join('\n');
    expect(findDigest(sums, F, 'sha256')).toEqual({ digest: h256('c') });
  });

  it('accepts binary-mode (*name), ./name and BSD-style lines', () => {
    expect(findDigest(`${h256('c')} *${F}\n`, F, 'sha256')).toEqual({ digest: h256('c') });
    expect(findDigest(`${h256('c')}  ./${F}\n`, F, 'sha256')).toEqual({ digest: h256('c') });
    expect(findDigest(`SHA256 (${F}) = ${h256('c')}\n`, F, 'sha256')).toEqual({ digest: h256('c') });
  });

  it('says what is wrong: not listed, wrong algorithm, empty, an HTML error page', () => {
    const sums = `${h256('a')}  other.tar.gz\n${h256('b')}  other2.tar.gz\n`;
    expect(findDigest(sums, F, 'sha256', 'SHA256SUMS')).toEqual({ problem: `SHA256SUMS does not list ${F}` });
    expect(findDigest(`${h256('a')}  ${F}\n`, F, 'sha512')).toMatchObject({ problem: expect.stringContaining('not sha512 (64 hex digits, expected 128)') });
    expect(findDigest(h256('a'), F, 'sha512')).toMatchObject({ problem: expect.stringContaining('not a sha512 digest') });
    expect(findDigest('\n\n', F, 'sha256')).toEqual({ problem: 'the checksum file is empty' });
    expect(findDigest('<html><body>Not Found</body></html>', F, 'sha256')).toMatchObject({ problem: expect.stringContaining('no sha256 checksum lines') });
  });
});

describe('digestFile', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('streams the file and returns the same digest as a one-shot hash', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'digest-'));
    dirs.push(dir);
    const data = 'release bytes\n'.repeat(100_000);
    await writeFile(join(dir, 'f'), data);
    const seen: number[] = [];
    const r = await digestFile(join(dir, 'f'), 'sha256', (n) => seen.push(n));
    expect(r).toEqual({ digest: h256(data), size: data.length });
    expect(seen.at(-1)).toBe(data.length);
    expect((await digestFile(join(dir, 'f'), 'sha512')).digest).toBe(h512(data));
  });

  it('names expected and found digest in a mismatch', () => {
    const m = mismatchMessage(F, 'sha256', 'aa', 'bb', 'SHA256SUMS');
    expect(m).toContain('SHA256SUMS says sha256 aa');
    expect(m).toContain('the file has bb');
  });
});

describe('checksumFileFor (what the lesson verifies the archive with)', () => {
  const node = { checksumUrl: 'https://dl.k8s.io/v1.24.10/kubernetes-node-linux-amd64.tar.gz.sha512', fileName: 'kubernetes-node-linux-amd64.tar.gz', algorithm: 'sha512' as const };
  const etcd = { checksumUrl: 'https://github.com/etcd-io/etcd/releases/download/v3.4.23/SHA256SUMS', fileName: F, algorithm: 'sha256' as const };

  it('a per-file URL gets the bare digest: kept as served, or cut out of a SUMS-style line', () => {
    expect(checksumFileFor(node, `${h512('n')}\n`, h512('n'))).toBe(`${h512('n')}\n`);
    expect(checksumFileFor(node, `${h512('n')}  ${node.fileName}\n`, h512('n'))).toBe(`${h512('n')}\n`);
  });

  it('a list URL gets a list: kept whole as served, or a line made from a bare digest', () => {
    const sums = `${h256('a')}  other.zip\n${h256('c')}  ${F}\n`;
    expect(checksumFileFor(etcd, sums, h256('c'))).toBe(sums);
    expect(checksumFileFor(etcd, h256('c'), h256('c'))).toBe(`${h256('c')}  ${F}\n`);
  });
});
