// The offline path for release archives: fetched once on the learner's computer (or
// taken from a folder), verified against their published checksums, kept in
// <dataDir>/artifacts/, and uploaded over SFTP to the VMs that cannot download them.
//
// Cache layout, per archive (its file name is the basename of `dest`):
//   <file>                 the archive, only ever renamed into place after verification
//   <file>.<algorithm>     the checksum file, as the lesson expects it next to the archive
//   <file>.source.json     which URL it stands for (written last: a version change, or a
//                          crash between the two renames, leaves the archive "not cached")
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, isAbsolute, join, posix } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from 'ssh2';
import type { Api, ArtifactProgress, ArtifactStatus } from '../../../common/api';
import type { Artifact, Course } from '../../../common/course';
import { ApiError } from '../../../common/errors';
import type { EventBus } from '../events';
import type { ExecOptions, ExecResult } from '../ssh/connection';
import { shq } from '../terminals/shell-quote';
import { type ChecksumAlgorithm, digestFile, findDigest, mismatchMessage } from './checksums';
import { type ArtifactFetch, createHttpsFetch, readSmall } from './https-fetch';
import { SftpError, openSftp, sftpFastPut, sftpMkdirP, sftpRenameOver, sftpUnlink, sftpWriteFile } from './sftp';

export type ArtifactOps = Pick<Api, 'listArtifacts' | 'importArtifacts' | 'downloadArtifacts' | 'uploadArtifacts'>;

/** What the uploader needs of a role's SSH connection (host-service's SshConnection fits). */
export interface ArtifactConnection {
  client: Client;
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
}

export interface ArtifactServiceDeps {
  course: Pick<Course, 'artifacts' | 'hosts'>;
  dataDir: string;
  events: Pick<EventBus, 'emit'>;
  /** Fills {{variables}}; throws (FAILED_PRECONDITION) naming what is missing. */
  resolve(text: string, what: string): Promise<string>;
  connection(role: string): Promise<ArtifactConnection>;
  /** HTTPS GET following redirects; node:https by default. */
  fetch?: ArtifactFetch;
  /** Minimum time between two progress events of one transfer (default 100 ms: ≤ 10/s). */
  progressIntervalMs?: number;
}

interface Resolved {
  artifact: Artifact;
  url: string;
  checksumUrl: string;
  dest: string;
  algorithm: ChecksumAlgorithm;
  fileName: string;
  /** The archive in the cache. */
  path: string;
  /** Its checksum file in the cache. */
  sumPath: string;
  sourcePath: string;
}

interface Verified {
  cached: boolean;
  size?: number;
  digest?: string;
  sumText?: string;
  problem?: string;
}

interface SourceRecord {
  url: string;
  checksumUrl: string;
  algorithm: ChecksumAlgorithm;
  digest: string;
  size: number;
  from: 'download' | 'import';
  at: string;
}

const SAFE_FILE = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
const SUMS_FILES: Record<ChecksumAlgorithm, string> = { sha256: 'SHA256SUMS', sha512: 'SHA512SUMS' };
const CHECKSUM_LIMIT = 1024 * 1024;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Writes a small file atomically: temp file, fsync, rename, fsync of the folder. */
async function writeAtomic(path: string, data: Buffer | string): Promise<void> {
  const part = `${path}.part`;
  const fh = await open(part, 'w', 0o644);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(part, path);
  await syncDir(join(path, '..'));
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } catch {
    // some filesystems refuse fsync on a directory; the rename is still atomic
  } finally {
    await fh.close();
  }
}

async function fsyncFile(path: string): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Calls `emit` at most once per `intervalMs` (the last call of a burst is dropped; callers send a final event). */
function throttle(intervalMs: number, emit: (bytes: number) => void): (bytes: number) => void {
  let last = 0;
  return (bytes) => {
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    emit(bytes);
  };
}

/** A pass-through that hashes and counts what flows through it. */
function hashing(hash: Hash, onBytes: (bytes: number) => void): Transform {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      onBytes(bytes);
      done(null, chunk);
    },
  });
}

/**
 * What the lesson expects next to the archive: per-file checksum URLs (`<file>.sha512`)
 * serve the bare digest (the lesson runs `echo "$(cat F.sha512)  F" | sha512sum -c`),
 * list URLs (etcd's SHA256SUMS) a list (`sha256sum --ignore-missing -c F.sha256`).
 */
function checksumFileFor(r: Resolved, sourceText: string, digest: string): string {
  const perFile = basename(new URL(r.checksumUrl).pathname) === `${r.fileName}.${r.algorithm}`;
  const bare = sourceText.trim().split(/\s+/).length === 1;
  if (perFile) return bare ? sourceText : `${digest}\n`;
  return bare ? `${digest}  ${r.fileName}\n` : sourceText;
}

export function createArtifactService(deps: ArtifactServiceDeps): ArtifactOps {
  const { course, events } = deps;
  const fetch = deps.fetch ?? createHttpsFetch();
  const interval = deps.progressIntervalMs ?? 100;
  const cacheDir = join(deps.dataDir, 'artifacts');
  /** Digests already computed, keyed by path, valid while size and mtime stay the same. */
  const digests = new Map<string, { size: number; mtimeMs: number; algorithm: ChecksumAlgorithm; digest: string }>();
  /** The last download/import failure per artifact, shown until it succeeds. */
  const failures = new Map<string, string>();
  /** One operation at a time per cache file / per upload target. */
  const locks = new Map<string, Promise<unknown>>();

  const withLock = async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const before = locks.get(key) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const tail = run.catch(() => undefined);
    locks.set(key, tail);
    try {
      return await run;
    } finally {
      if (locks.get(key) === tail) locks.delete(key);
    }
  };

  const progress = (p: ArtifactProgress) => events.emit('artifact:progress', p);

  async function resolveOne(a: Artifact): Promise<Resolved | { problem: string }> {
    try {
      const what = `The archive "${a.title}"`;
      const url = await deps.resolve(a.url, what);
      const checksumUrl = await deps.resolve(a.checksumUrl, what);
      const dest = await deps.resolve(a.dest, what);
      const fileName = posix.basename(dest) || posix.basename(new URL(url).pathname);
      if (!SAFE_FILE.test(fileName)) return { problem: `"${fileName}" is not a plain file name` };
      const path = join(cacheDir, fileName);
      return {
        artifact: a, url, checksumUrl, dest, algorithm: a.algorithm, fileName, path,
        sumPath: `${path}.${a.algorithm}`,
        sourcePath: `${path}.source.json`,
      };
    } catch (err) {
      return { problem: messageOf(err) };
    }
  }

  async function digestOf(path: string, algorithm: ChecksumAlgorithm, onBytes?: (n: number) => void): Promise<{ digest: string; size: number }> {
    const st = await stat(path);
    const memo = digests.get(path);
    if (memo && memo.size === st.size && memo.mtimeMs === st.mtimeMs && memo.algorithm === algorithm) return { digest: memo.digest, size: st.size };
    const r = await digestFile(path, algorithm, onBytes);
    digests.set(path, { size: st.size, mtimeMs: st.mtimeMs, algorithm, digest: r.digest });
    return r;
  }

  /** Cached = the archive, its checksum file and its source record agree with each other and with the resolved URL. */
  async function verifyCached(r: Resolved): Promise<Verified> {
    let source: SourceRecord;
    let sumText: string;
    try {
      source = JSON.parse(await readFile(r.sourcePath, 'utf8')) as SourceRecord;
      sumText = await readFile(r.sumPath, 'utf8');
      await stat(r.path);
    } catch {
      return { cached: false };
    }
    if (source.url !== r.url) return { cached: false, problem: `the cached ${r.fileName} came from ${source.url}, not ${r.url} (another version): download or import it again` };
    const expected = findDigest(sumText, r.fileName, r.algorithm, `${r.fileName}.${r.algorithm}`);
    if ('problem' in expected) return { cached: false, problem: expected.problem };
    const found = await digestOf(r.path, r.algorithm);
    if (found.digest !== expected.digest) {
      return { cached: false, problem: mismatchMessage(r.fileName, r.algorithm, expected.digest, found.digest, `${r.fileName}.${r.algorithm}`) };
    }
    return { cached: true, size: found.size, digest: found.digest, sumText };
  }

  async function statusOf(a: Artifact, override?: string): Promise<ArtifactStatus> {
    const r = await resolveOne(a);
    const base = { id: a.id, title: a.title, hosts: [...a.hosts] };
    if ('problem' in r) return { ...base, url: a.url, dest: a.dest, cached: false, problem: r.problem };
    const v = await verifyCached(r);
    const problem = override ?? (v.cached ? undefined : failures.get(a.id) ?? v.problem);
    return {
      ...base, url: r.url, dest: r.dest, cached: v.cached,
      ...(v.size !== undefined ? { size: v.size } : {}),
      ...(problem ? { problem } : {}),
    };
  }

  const listArtifacts = async (notes: Map<string, string> = new Map()) =>
    Promise.all(course.artifacts.map((a) => statusOf(a, notes.get(a.id))));

  /** Streams `input` into `<file>.part`, checks it, and only then moves archive, checksum file and source record into place. */
  async function store(r: Resolved, input: Readable, expected: string, sumText: string, from: SourceRecord['from'], onBytes: (n: number) => void): Promise<number> {
    await mkdir(cacheDir, { recursive: true });
    const part = `${r.path}.part`;
    const hash = createHash(r.algorithm);
    let size = 0;
    try {
      await pipeline(input, hashing(hash, (n) => {
        size = n;
        onBytes(n);
      }), createWriteStream(part, { mode: 0o644 }));
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
    await unlink(r.sourcePath).catch(() => undefined);
    await writeAtomic(r.sumPath, sumText);
    await rename(part, r.path);
    await syncDir(cacheDir);
    const st = await stat(r.path);
    digests.set(r.path, { size: st.size, mtimeMs: st.mtimeMs, algorithm: r.algorithm, digest: found });
    const record: SourceRecord = { url: r.url, checksumUrl: r.checksumUrl, algorithm: r.algorithm, digest: found, size, from, at: new Date().toISOString() };
    await writeAtomic(r.sourcePath, `${JSON.stringify(record, null, 2)}\n`);
    return size;
  }

  async function downloadOne(r: Resolved): Promise<void> {
    const id = r.artifact.id;
    progress({ artifactId: id, phase: 'download', bytes: 0, message: `fetching the checksum from ${r.checksumUrl}` });
    const sumRes = await fetch(r.checksumUrl);
    const sumText = (await readSmall(sumRes.body, CHECKSUM_LIMIT, r.checksumUrl)).toString('utf8');
    const expected = findDigest(sumText, r.fileName, r.algorithm, r.checksumUrl);
    if ('problem' in expected) throw new ApiError('FAILED_PRECONDITION', `cannot verify ${r.fileName}: ${expected.problem}`);

    const res = await fetch(r.url);
    const length = Number(res.headers['content-length']);
    const total = Number.isFinite(length) && length > 0 ? length : undefined;
    const tick = throttle(interval, (bytes) => progress({ artifactId: id, phase: 'download', bytes, ...(total ? { total } : {}) }));
    const size = await store(r, res.body, expected.digest, sumText, 'download', tick).catch((err: unknown) => {
      if (err instanceof ApiError) throw err;
      throw new ApiError('FAILED_PRECONDITION', `downloading ${r.fileName} failed: ${messageOf(err)}`);
    });
    if (total !== undefined && size !== total) throw new ApiError('FAILED_PRECONDITION', `downloading ${r.fileName} stopped after ${size} of ${total} bytes`);
    progress({ artifactId: id, phase: 'done', bytes: size, total: size, message: `${r.fileName} downloaded and verified (${formatBytes(size)})` });
  }

  async function importOne(r: Resolved, folder: string): Promise<string> {
    const id = r.artifact.id;
    const src = join(folder, r.fileName);
    const srcStat = await stat(src).catch(() => undefined);
    if (!srcStat?.isFile()) return `not in the folder: ${r.fileName}`;
    const candidates = [`${r.fileName}.${r.algorithm}`, SUMS_FILES[r.algorithm]];
    let sumText: string | undefined;
    let expected: string | undefined;
    const tried: string[] = [];
    for (const name of candidates) {
      const text = await readFile(join(folder, name), 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      const found = findDigest(text, r.fileName, r.algorithm, name);
      if ('problem' in found) {
        tried.push(found.problem);
        continue;
      }
      sumText = text;
      expected = found.digest;
      break;
    }
    if (sumText === undefined || expected === undefined) {
      const why = tried.length ? `: ${tried.join('; ')}` : '';
      throw new ApiError('FAILED_PRECONDITION', `${r.fileName} is in the folder but its checksum is not (put ${candidates.join(' or ')} next to it)${why}`);
    }
    const current = await verifyCached(r);
    if (current.cached && current.digest === expected) {
      progress({ artifactId: id, phase: 'done', bytes: srcStat.size, total: srcStat.size, message: `${r.fileName} is already here, verified` });
      return `already here: ${r.fileName}`;
    }
    const total = srcStat.size;
    const tick = throttle(interval, (bytes) => progress({ artifactId: id, phase: 'import', bytes, total }));
    tick(0);
    const size = await store(r, createReadStream(src), expected, checksumFileFor(r, sumText, expected), 'import', tick);
    progress({ artifactId: id, phase: 'done', bytes: size, total: size, message: `${r.fileName} imported and verified (${formatBytes(size)})` });
    return `imported: ${r.fileName}`;
  }

  async function importArtifacts(folder: string): Promise<ArtifactStatus[]> {
    if (!isAbsolute(folder)) throw new ApiError('INVALID_ARGUMENT', `give the folder's full path (like /home/you/Downloads), not "${folder}"`);
    const st = await stat(folder).catch(() => undefined);
    if (!st) throw new ApiError('FAILED_PRECONDITION', `there is no folder ${folder} on this computer`);
    if (!st.isDirectory()) throw new ApiError('FAILED_PRECONDITION', `${folder} is a file, not a folder`);
    const notes = new Map<string, string>();
    const missing: string[] = [];
    let imported = 0;
    for (const a of course.artifacts) {
      const r = await resolveOne(a);
      if ('problem' in r) continue;
      await withLock(r.path, async () => {
        try {
          const note = await importOne(r, folder);
          if (note.startsWith('not in the folder')) {
            missing.push(r.fileName);
            if (!(await verifyCached(r)).cached) notes.set(a.id, note);
          } else {
            failures.delete(a.id);
            imported++;
          }
        } catch (err) {
          const message = messageOf(err);
          failures.set(a.id, message);
          progress({ artifactId: a.id, phase: 'failed', bytes: 0, message });
        }
      });
    }
    const summary = `${imported} of ${course.artifacts.length} archives taken from ${folder}${missing.length ? `; not there: ${missing.join(', ')}` : ''}.`;
    events.emit('notice', { level: missing.length || failures.size ? 'warning' : 'info', message: summary });
    return listArtifacts(notes);
  }

  async function downloadArtifacts(ids?: string[]): Promise<ArtifactStatus[]> {
    const chosen = ids?.length ? ids.map((id) => {
      const a = course.artifacts.find((x) => x.id === id);
      if (!a) throw new ApiError('NOT_FOUND', `no archive "${id}" in this course`);
      return a;
    }) : course.artifacts;
    for (const a of chosen) {
      const r = await resolveOne(a);
      if ('problem' in r) {
        progress({ artifactId: a.id, phase: 'failed', bytes: 0, message: r.problem });
        continue;
      }
      await withLock(r.path, async () => {
        if ((await verifyCached(r)).cached) {
          progress({ artifactId: a.id, phase: 'done', bytes: 0, message: `${r.fileName} is already here, verified` });
          return;
        }
        try {
          await downloadOne(r);
          failures.delete(a.id);
        } catch (err) {
          const message = messageOf(err);
          failures.set(a.id, message);
          progress({ artifactId: a.id, phase: 'failed', bytes: 0, message });
        }
      });
    }
    return listArtifacts();
  }

  async function uploadArtifacts(role: string): Promise<void> {
    const host = course.hosts.find((h) => h.role === role);
    if (!host) throw new ApiError('NOT_FOUND', `no host role "${role}" in this course`);
    const name = host.hostname;
    const wanted = course.artifacts.filter((a) => a.hosts.includes(role));
    if (wanted.length === 0) throw new ApiError('FAILED_PRECONDITION', `the course puts no archive on ${name}`);
    const ready: { r: Resolved; v: Verified }[] = [];
    const notReady: string[] = [];
    for (const a of wanted) {
      const r = await resolveOne(a);
      if ('problem' in r) {
        notReady.push(`${a.id} (${r.problem})`);
        continue;
      }
      const v = await verifyCached(r);
      if (v.cached) ready.push({ r, v });
      else notReady.push(r.fileName);
    }
    if (ready.length === 0) {
      throw new ApiError('FAILED_PRECONDITION', `none of the archives ${name} needs is on this computer yet (${notReady.join(', ')}): use "Download all" or "Use a folder" first`);
    }
    const conn = await deps.connection(role);
    const sftp = await openSftp(conn.client).catch((err: unknown) => {
      throw new ApiError('FAILED_PRECONDITION', `${name}: ${messageOf(err)}`);
    });
    try {
      for (const { r, v } of ready) {
        await withLock(`upload:${role}:${r.dest}`, () => uploadOne(role, name, conn, sftp, r, v));
      }
    } finally {
      sftp.end();
    }
    if (notReady.length) {
      events.emit('notice', { level: 'warning', message: `Not uploaded to ${name} (not on this computer yet): ${notReady.join(', ')}.` });
    }
  }

  async function remote(conn: ArtifactConnection, name: string, command: string, timeoutMs = 30_000): Promise<ExecResult> {
    try {
      return await conn.exec(command, { timeoutMs });
    } catch (err) {
      throw new ApiError('FAILED_PRECONDITION', `${name}: ${messageOf(err)}`);
    }
  }

  /** Bytes free in `dir` on the VM, or undefined when df cannot tell. */
  async function freeBytes(conn: ArtifactConnection, name: string, dir: string): Promise<number | undefined> {
    const res = await remote(conn, name, `df -Pk -- ${shq(dir)}`);
    const kb = Number(res.stdout.trim().split('\n').at(-1)?.trim().split(/\s+/)[3]);
    return res.code === 0 && Number.isFinite(kb) ? kb * 1024 : undefined;
  }

  async function remoteDigest(conn: ArtifactConnection, name: string, algorithm: ChecksumAlgorithm, path: string): Promise<string | undefined> {
    const res = await remote(conn, name, `${algorithm}sum -- ${shq(path)}`, 600_000);
    if (res.code !== 0) return undefined;
    return res.stdout.trim().split(/\s+/)[0]?.replace(/^\\/, '').toLowerCase();
  }

  async function uploadOne(role: string, name: string, conn: ArtifactConnection, sftp: Awaited<ReturnType<typeof openSftp>>, r: Resolved, v: Verified): Promise<void> {
    const id = r.artifact.id;
    const size = v.size!;
    const digest = v.digest!;
    const sumText = v.sumText!;
    const sumDest = `${r.dest}.${r.algorithm}`;
    const dir = posix.dirname(r.dest);
    const fail = (message: string): never => {
      progress({ artifactId: id, role, phase: 'failed', bytes: 0, total: size, message });
      throw new ApiError('FAILED_PRECONDITION', message);
    };

    progress({ artifactId: id, role, phase: 'verify', bytes: 0, total: size, message: `looking for ${r.fileName} on ${name}` });
    const probe = await remote(conn, name, `stat -c %s -- ${shq(r.dest)} 2>/dev/null; true`);
    const remoteSize = Number(probe.stdout.trim());
    let archiveThere = false;
    if (probe.stdout.trim() !== '' && remoteSize === size) {
      archiveThere = (await remoteDigest(conn, name, r.algorithm, r.dest)) === digest;
    }
    const sumRes = await remote(conn, name, `cat -- ${shq(sumDest)} 2>/dev/null; true`);
    const sumThere = sumRes.stdout === sumText;
    if (archiveThere && sumThere) {
      progress({ artifactId: id, role, phase: 'done', bytes: size, total: size, message: `${r.fileName} is already on ${name} (same size and ${r.algorithm}): not uploaded again` });
      return;
    }

    try {
      await sftpMkdirP(sftp, dir);
    } catch (err) {
      fail(`${name}: cannot create ${dir} (${messageOf(err)})`);
    }
    const noSpace = async (free?: number) => {
      const avail = free ?? (await freeBytes(conn, name, dir).catch(() => undefined));
      return `${name}: no space left on device while uploading ${r.fileName} (it needs ${formatBytes(size)}${avail !== undefined ? `; ${dir} has ${formatBytes(avail)} free` : ''}). Free some space (df -h ${dir}) and try again.`;
    };

    if (!archiveThere) {
      const free = await freeBytes(conn, name, dir);
      if (free !== undefined && free < size) fail(await noSpace(free));
      const part = `${r.dest}.part`;
      const started = Date.now();
      const tick = throttle(interval, (bytes) => progress({ artifactId: id, role, phase: 'upload', bytes, total: size }));
      progress({ artifactId: id, role, phase: 'upload', bytes: 0, total: size });
      try {
        await sftpFastPut(sftp, r.path, part, size, tick);
      } catch (err) {
        await sftpUnlink(sftp, part);
        const code = err instanceof SftpError ? err.code : undefined;
        const after = code === 4 ? await freeBytes(conn, name, dir).catch(() => undefined) : undefined;
        if (code === 4 && after !== undefined && after < 1024 * 1024) fail(await noSpace(after));
        if (code === 3) fail(`${name}: permission denied while uploading ${r.fileName} to ${dir} (log in as root, or as a user that may write there)`);
        fail(`${name}: uploading ${r.fileName} failed: ${messageOf(err)}`);
      }
      const seconds = (Date.now() - started) / 1000;
      progress({ artifactId: id, role, phase: 'verify', bytes: size, total: size, message: `checking ${r.fileName} on ${name}` });
      const arrived = await remoteDigest(conn, name, r.algorithm, part);
      if (arrived !== digest) {
        await sftpUnlink(sftp, part);
        fail(`${name}: ${r.fileName} arrived damaged (${r.algorithm} ${arrived ?? 'unreadable'}, expected ${digest}); it was removed. Try again.`);
      }
      try {
        await sftpRenameOver(sftp, part, r.dest);
      } catch (err) {
        await sftpUnlink(sftp, part);
        fail(`${name}: cannot move ${r.fileName} into place: ${messageOf(err)}`);
      }
      progress({ artifactId: id, role, phase: 'upload', bytes: size, total: size, message: `${formatBytes(size)} in ${seconds.toFixed(1)} s (${(size / 1024 / 1024 / Math.max(seconds, 0.001)).toFixed(1)} MB/s)` });
    }

    if (!sumThere) {
      try {
        await sftpWriteFile(sftp, `${sumDest}.part`, Buffer.from(sumText, 'utf8'));
        await sftpRenameOver(sftp, `${sumDest}.part`, sumDest);
      } catch (err) {
        await sftpUnlink(sftp, `${sumDest}.part`);
        const code = err instanceof SftpError ? err.code : undefined;
        if (code === 4) fail(await noSpace());
        fail(`${name}: cannot write ${sumDest}: ${messageOf(err)}`);
      }
    }
    progress({
      artifactId: id, role, phase: 'done', bytes: size, total: size,
      message: archiveThere ? `${r.fileName} was already on ${name}; its checksum file was written` : `${r.fileName} and ${posix.basename(sumDest)} are on ${name} in ${dir}`,
    });
  }

  return {
    listArtifacts: () => listArtifacts(),
    importArtifacts,
    downloadArtifacts,
    uploadArtifacts,
  };
}
