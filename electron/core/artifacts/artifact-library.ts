// The archive library on disk (<dataDir>/artifacts/): which file stands for which course
// artifact, what counts as cached, and taking a new archive in only once it is verified.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ArtifactStatus } from '../../../common/api';
import type { Artifact, Course } from '../../../common/course';
import { ApiError } from '../../../common/errors';
import { fsyncFile } from '../storage/atomic-write';
import { KeyedQueue } from '../storage/serial-queue';
import { type SourceRecord, commitArchive, readCacheEntry } from './cache-files';
import { findDigest, mismatchMessage } from './checksums';
import { DigestCache } from './digest-cache';
import { type ResolveText, type Resolved, resolveArtifact } from './resolve-artifact';
import { hashing } from './transfer-progress';

export type Verified =
  | { cached: true; size: number; digest: string; sumText: string }
  | { cached: false; problem?: string };

export interface ArtifactLibraryDeps {
  course: Pick<Course, 'artifacts'>;
  dataDir: string;
  resolve: ResolveText;
}

export class ArtifactLibrary {
  readonly dir: string;
  /** The last download/import failure per artifact, shown until it succeeds. */
  readonly failures = new Map<string, string>();
  /** One operation at a time per cache file / per upload target. */
  readonly locks = new KeyedQueue();
  private readonly digests = new DigestCache();

  constructor(private readonly deps: ArtifactLibraryDeps) {
    this.dir = join(deps.dataDir, 'artifacts');
  }

  resolve(a: Artifact): Promise<Resolved | { problem: string }> {
    return resolveArtifact(a, this.dir, this.deps.resolve);
  }

  /** Cached = the archive, its checksum file and its source record agree with each other and with the resolved URL. */
  async verify(r: Resolved): Promise<Verified> {
    const entry = await readCacheEntry(r);
    if (!entry) return { cached: false };
    const { source, sumText } = entry;
    if (source.url !== r.url) return { cached: false, problem: `the cached ${r.fileName} came from ${source.url}, not ${r.url} (another version): download or import it again` };
    const expected = findDigest(sumText, r.fileName, r.algorithm, `${r.fileName}.${r.algorithm}`);
    if ('problem' in expected) return { cached: false, problem: expected.problem };
    const found = await this.digests.digestOf(r.path, r.algorithm);
    if (found.digest !== expected.digest) {
      return { cached: false, problem: mismatchMessage(r.fileName, r.algorithm, expected.digest, found.digest, `${r.fileName}.${r.algorithm}`) };
    }
    return { cached: true, size: found.size, digest: found.digest, sumText };
  }

  /** What the learner sees of one artifact; `override` replaces its problem (e.g. "not in the folder"). */
  async status(a: Artifact, override?: string): Promise<ArtifactStatus> {
    const r = await this.resolve(a);
    const base = { id: a.id, title: a.title, hosts: [...a.hosts] };
    if ('problem' in r) return { ...base, url: a.url, dest: a.dest, cached: false, problem: r.problem };
    const v = await this.verify(r);
    const problem = override ?? (v.cached ? undefined : this.failures.get(a.id) ?? v.problem);
    return {
      ...base, url: r.url, dest: r.dest, cached: v.cached,
      ...(v.cached ? { size: v.size } : {}),
      ...(problem ? { problem } : {}),
    };
  }

  list(notes: Map<string, string> = new Map()): Promise<ArtifactStatus[]> {
    return Promise.all(this.deps.course.artifacts.map((a) => this.status(a, notes.get(a.id))));
  }

  /**
   * Streams `input` into `<file>.part`, checks its digest against `expected`, and only then
   * moves archive, checksum file and source record into place. Resolves to the size.
   */
  async store(r: Resolved, input: Readable, expected: string, sumText: string, from: SourceRecord['from'], onBytes: (n: number) => void): Promise<number> {
    // The learner's own files, like the rest of the data dir: closed to other users (mkdir's
    // mode only applies to a new folder).
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
    const part = `${r.path}.part`;
    const hash = createHash(r.algorithm);
    let size = 0;
    try {
      await pipeline(input, hashing(hash, (n) => {
        size = n;
        onBytes(n);
      }), createWriteStream(part, { mode: 0o600 }));
      await fsyncFile(part);
    } catch (err) {
      await unlink(part).catch(() => undefined);
      throw err;
    }
    const found = hash.digest('hex');
    if (found !== expected) {
      await unlink(part).catch(() => undefined);
      throw new ApiError('FAILED_PRECONDITION', mismatchMessage(r.fileName, r.algorithm, expected, found, from === 'download' ? r.checksumUrl : 'the checksum file in the folder'));
    }
    const record: SourceRecord = { url: r.url, checksumUrl: r.checksumUrl, algorithm: r.algorithm, digest: found, size, from, at: new Date().toISOString() };
    await commitArchive(r, part, sumText, record);
    await this.digests.remember(r.path, r.algorithm, found);
    return size;
  }
}
