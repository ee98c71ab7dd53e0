// The library's pieces on their own: resolving an artifact to files, the three files of a
// cached archive (read and committed), and the digest memo.
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/temp-dir';
import { type CachePaths, type SourceRecord, commitArchive, readCacheEntry } from './cache-files';
import { DigestCache } from './digest-cache';
import { resolveArtifact } from './resolve-artifact';
import { testCourse, testResolver } from './test-support';

let dir: string;
useTempDir('library', (path) => (dir = path));

const FILE = 'etcd-v3.5.4-linux-amd64.tar.gz';
const sha = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');

describe('resolveArtifact', () => {
  const course = testCourse();
  const etcd = course.artifacts[0]!;

  it('fills the variables and names the files in the library after dest', async () => {
    const r = await resolveArtifact(etcd, 'master', course, dir, testResolver(course));
    expect(r).toMatchObject({
      url: `https://example.invalid/v3.5.4/${FILE}`,
      checksumUrl: 'https://example.invalid/v3.5.4/SHA256SUMS',
      dest: `/root/binaries/${FILE}`,
      fileName: FILE,
      path: join(dir, FILE),
      sumPath: join(dir, `${FILE}.sha256`),
      sourcePath: join(dir, `${FILE}.source.json`),
    });
  });

  it('returns a problem for a missing variable or a name that is not a plain file name', async () => {
    expect(await resolveArtifact(etcd, 'master', course, dir, testResolver(course, () => ({ 'versions.etcd': 'x y' })))).toMatchObject({ problem: expect.stringContaining('{{versions.etcd}}') });
    const odd = { ...etcd, dest: '/root/binaries/.hidden' };
    expect(await resolveArtifact(odd, 'master', course, dir, testResolver(course))).toEqual({ problem: '".hidden" is not a plain file name' });
  });
});

describe('cache files', () => {
  const paths = (): CachePaths => ({ path: join(dir, FILE), sumPath: join(dir, `${FILE}.sha256`), sourcePath: join(dir, `${FILE}.source.json`) });
  const record: SourceRecord = { url: 'https://example.invalid/a', checksumUrl: 'https://example.invalid/s', algorithm: 'sha256', digest: sha('archive'), size: 7, from: 'import', at: '2026-01-01T00:00:00.000Z' };

  it('commits a part: archive, checksum file and source record in place, no part or temp file left, readable back', async () => {
    const p = paths();
    await writeFile(`${p.path}.part`, 'archive');
    await commitArchive(p, `${p.path}.part`, `${sha('archive')}  ${FILE}\n`, record);
    expect((await readdir(dir)).sort()).toEqual([FILE, `${FILE}.sha256`, `${FILE}.source.json`]);
    expect(await readFile(p.path, 'utf8')).toBe('archive');
    expect((await stat(p.sumPath)).mode & 0o777).toBe(0o600); // the learner's own files, like the rest of the data dir
    expect(await readCacheEntry(p)).toEqual({ source: record, sumText: `${sha('archive')}  ${FILE}\n` });
  });

  it('an archive with a missing or unreadable file beside it has no entry', async () => {
    const p = paths();
    await writeFile(p.path, 'archive');
    await writeFile(p.sumPath, sha('archive'));
    expect(await readCacheEntry(p)).toBeUndefined();
    await writeFile(p.sourcePath, '{"url":');
    expect(await readCacheEntry(p)).toBeUndefined();
    await writeFile(p.sourcePath, JSON.stringify(record));
    await rm(p.path);
    expect(await readCacheEntry(p)).toBeUndefined();
  });
});

describe('DigestCache', () => {
  it('hashes a file once while its size and mtime stay; a change or another algorithm hashes again', async () => {
    const path = join(dir, FILE);
    const then = new Date('2026-01-01T00:00:00Z');
    await writeFile(path, 'one');
    await utimes(path, then, then);
    const cache = new DigestCache();
    expect(await cache.digestOf(path, 'sha256')).toEqual({ digest: sha('one'), size: 3 });
    // Same size and mtime: the memo answers, even though the bytes differ.
    await writeFile(path, 'two');
    await utimes(path, then, then);
    expect((await cache.digestOf(path, 'sha256')).digest).toBe(sha('one'));
    expect((await cache.digestOf(path, 'sha512')).digest).toBe(createHash('sha512').update('two').digest('hex'));
    await writeFile(path, 'three');
    expect(await cache.digestOf(path, 'sha256')).toEqual({ digest: sha('three'), size: 5 });
  });

  it('remembers a digest computed while the file was written', async () => {
    const path = join(dir, FILE);
    await writeFile(path, 'bytes');
    const cache = new DigestCache();
    await cache.remember(path, 'sha256', 'f'.repeat(64));
    expect((await cache.digestOf(path, 'sha256')).digest).toBe('f'.repeat(64));
  });
});
