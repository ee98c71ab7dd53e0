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
import { type ResolveText, type Resolved, artifactFiles, resolveArtifact } from './resolve-artifact';
import { hashing } from './transfer-progress';

export type Verified =
  | { cached: true; size: number; digest: string; sumText: string }
  | { cached: false; problem?: string };

export interface ArtifactLibraryDeps {
  course: Pick<Course, 'artifacts' | 'versions'>;
  dataDir: string;
  resolve: ResolveText;
}

export class ArtifactLibrary {
  readonly dir: string;
  /** The last download/import failure per library file (Resolved.path), shown until it succeeds. */
  readonly failures = new Map<string, string>();
  /** One operation at a time per cache file / per upload target. */
  readonly locks = new KeyedQueue();
  private readonly digests = new DigestCache();

  constructor(private readonly deps: ArtifactLibraryDeps) {
    this.dir = join(deps.dataDir, 'artifacts');
  }

  /** The artifact's file for one role's VM. */
  resolve(a: Artifact, role: string): Promise<Resolved | { problem: string }> {
    return resolveArtifact(a, role, this.deps.course, this.dir, this.deps.resolve);
  }

  /** The artifact's files over all the roles that need it (one per architecture in use). */
  files(a: Artifact): Promise<Array<Resolved | { problem: string; roles: string[] }>> {
    return artifactFiles(a, this.deps.course, this.dir, this.deps.resolve);
  }

  /** Cached = the archive, its checksum file and its source record agree with each other and with the resolved URL. */
  async verify(r: Resolved): Promise<Verified> {
    const entry = await readCacheEntry(r);
    if (!entry) return { cached: false };
    const { source, sumText } = entry;
    if (source.url !== r.url) return { cached: false, problem: `the cached ${r.fileName} came from ${source.url}, not ${r.url} (another version): download or import it again` };
    const beside = findDigest(sumText, r.fileName, r.algorithm, `${r.fileName}.${r.algorithm}`);
    if ('problem' in beside) return { cached: false, problem: beside.problem };
    // A pinned digest outranks the checksum file kept beside the archive (which the lesson
    // checks on the VM): both must name it.
    const pinned = r.digestSource.kind === 'pinned' ? r.digestSource.digest : undefined;
    if (pinned !== undefined && beside.digest !== pinned) {
      return { cached: false, problem: `the checksum file kept beside ${r.fileName} names ${r.algorithm} ${beside.digest}, not the one ${describeSource(r)} pins (${pinned}): download or import it again` };
    }
    const found = await this.digests.digestOf(r.path, r.algorithm);
    if (found.digest !== beside.digest) {
      return { cached: false, problem: mismatchMessage(r.fileName, r.algorithm, beside.digest, found.digest, `${r.fileName}.${r.algorithm}`) };
    }
    return { cached: true, size: found.size, digest: found.digest, sumText };
  }

  /** What the learner sees of each file of an artifact; `notes` (by library path) replace a problem (e.g. "not in the folder"). */
  async status(a: Artifact, notes: Map<string, string> = new Map()): Promise<ArtifactStatus[]> {
    const base = { id: a.id, title: a.title };
    return Promise.all((await this.files(a)).map(async (r): Promise<ArtifactStatus> => {
      if ('problem' in r) return { ...base, hosts: r.roles, url: a.url, dest: a.dest, cached: false, problem: r.problem };
      const v = await this.verify(r);
      const problem = notes.get(r.path) ?? (v.cached ? undefined : this.failures.get(r.path) ?? v.problem);
      return {
        ...base, hosts: r.roles, ...(r.arch ? { arch: r.arch } : {}), url: r.url, dest: r.dest, cached: v.cached,
        digestSource: r.digestSource.kind === 'pinned'
          ? { kind: 'pinned', algorithm: r.algorithm, ...(r.digestSource.version ? { version: r.digestSource.version } : {}) }
          : { kind: 'checksum-file', algorithm: r.algorithm, url: r.digestSource.url, ...(r.digestSource.instead ? { instead: r.digestSource.instead } : {}) },
        ...(v.cached ? { size: v.size } : {}),
        ...(problem ? { problem } : {}),
      };
    }));
  }

  async list(notes: Map<string, string> = new Map()): Promise<ArtifactStatus[]> {
    return (await Promise.all(this.deps.course.artifacts.map((a) => this.status(a, notes)))).flat();
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
      throw new ApiError('FAILED_PRECONDITION', mismatchMessage(r.fileName, r.algorithm, expected, found, describeSource(r, from)));
    }
    const record: SourceRecord = { url: r.url, checksumUrl: r.checksumUrl, algorithm: r.algorithm, digest: found, size, from, at: new Date().toISOString() };
    await commitArchive(r, part, sumText, record);
    await this.digests.remember(r.path, r.algorithm, found);
    return size;
  }
}

/** Where the expected digest came from, in a mismatch message. */
export function describeSource(r: Pick<Resolved, 'digestSource' | 'checksumUrl'>, from?: SourceRecord['from']): string {
  if (r.digestSource.kind === 'pinned') return `course.yaml (the digest published for ${r.digestSource.version ? `v${r.digestSource.version}` : 'this release'})`;
  return from === 'import' ? 'the checksum file in the folder' : r.checksumUrl;
}
