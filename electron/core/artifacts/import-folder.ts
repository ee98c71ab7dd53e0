// Taking archives from a folder the learner names (a download made on another computer,
// a USB stick): an archive counts only when it matches the digest course.yaml pins for the
// version in use, or else its published checksum beside it; it is verified while it is
// copied into the library. Symbolic links in the folder are not followed (an archive or
// checksum file must be the file itself, not a pointer elsewhere).
import { constants } from 'node:fs';
import { lstat, open, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { ArtifactStatus } from '../../../common/api';
import { ApiError } from '../../../common/errors';
import { type ChecksumAlgorithm, checksumFileFor, findDigest } from './checksums';
import { type ArtifactContext, recordFailure } from './context';
import { formatBytes } from './messages';
import type { Resolved } from './resolve-artifact';
import { throttle } from './transfer-progress';

const SUMS_FILES: Record<ChecksumAlgorithm, string> = { sha256: 'SHA256SUMS', sha512: 'SHA512SUMS' };

/** Imports every course archive found in `folder`; a notice sums up what was taken and what was not there. */
export async function importArtifacts(ctx: ArtifactContext, folder: string): Promise<ArtifactStatus[]> {
  const { course, library, events } = ctx;
  if (!isAbsolute(folder)) throw new ApiError('INVALID_ARGUMENT', `give the folder's full path (like /home/you/Downloads), not "${folder}"`);
  const st = await stat(folder).catch(() => undefined);
  if (!st) throw new ApiError('FAILED_PRECONDITION', `there is no folder ${folder} on this computer`);
  if (!st.isDirectory()) throw new ApiError('FAILED_PRECONDITION', `${folder} is a file, not a folder`);
  const notes = new Map<string, string>();
  const missing: string[] = [];
  let imported = 0;
  let wanted = 0;
  for (const a of course.artifacts) {
    for (const r of await library.files(a)) {
      if ('problem' in r) continue;
      wanted++;
      await library.locks.run(r.path, async () => {
        try {
          const note = await importOne(ctx, r, folder);
          if (note.startsWith('not in the folder')) {
            missing.push(r.fileName);
            if (!(await library.verify(r)).cached) notes.set(r.path, note);
          } else {
            library.failures.delete(r.path);
            imported++;
          }
        } catch (err) {
          recordFailure(ctx, r, err);
        }
      });
    }
  }
  const summary = `${imported} of ${wanted} archives taken from ${folder}${missing.length ? `; not there: ${missing.join(', ')}` : ''}.`;
  events.emit('notice', { level: missing.length || library.failures.size ? 'warning' : 'info', message: summary });
  return library.list(notes);
}

/** Imports one archive; resolves to a note ("not in the folder: …", "already here: …", "imported: …"). */
async function importOne(ctx: ArtifactContext, r: Resolved, folder: string): Promise<string> {
  const { library, progress } = ctx;
  const id = r.artifact.id;
  const src = join(folder, r.fileName);
  const srcStat = await lstat(src).catch(() => undefined);
  if (srcStat?.isSymbolicLink()) throw new ApiError('FAILED_PRECONDITION', `${r.fileName} in the folder is a symbolic link, which is not followed: copy the file itself there`);
  if (!srcStat?.isFile()) return `not in the folder: ${r.fileName}`;
  const { sumText, expected } = r.digestSource.kind === 'pinned' ? pinnedChecksum(r, r.digestSource.digest) : await folderChecksum(r, folder);
  const current = await library.verify(r);
  if (current.cached && current.digest === expected) {
    progress({ artifactId: id, phase: 'done', bytes: srcStat.size, total: srcStat.size, message: `${r.fileName} is already here, verified` });
    return `already here: ${r.fileName}`;
  }
  const total = srcStat.size;
  const tick = throttle(ctx.progressIntervalMs, (bytes) => progress({ artifactId: id, phase: 'import', bytes, total }));
  tick(0);
  // O_NOFOLLOW: a link swapped in after the check above is refused too.
  const source = await open(src, constants.O_RDONLY | constants.O_NOFOLLOW);
  const size = await library.store(r, source.createReadStream(), expected, checksumFileFor(r, sumText, expected), 'import', tick);
  progress({ artifactId: id, phase: 'done', bytes: size, total: size, message: `${r.fileName} imported and verified (${formatBytes(size)})` });
  return `imported: ${r.fileName}`;
}

/** The digest course.yaml pins (the folder's checksum file is not needed then), as the lesson's checksum file. */
function pinnedChecksum(r: Resolved, digest: string): { sumText: string; expected: string } {
  return { sumText: checksumFileFor(r, `${digest}\n`, digest), expected: digest };
}

/**
 * The archive's published checksum in the folder: `<file>.<algorithm>` or else the SUMS
 * list, the first that names it. Throws FAILED_PRECONDITION saying what to put there.
 */
export async function folderChecksum(r: Pick<Resolved, 'fileName' | 'algorithm'>, folder: string): Promise<{ sumText: string; expected: string }> {
  const candidates = [`${r.fileName}.${r.algorithm}`, SUMS_FILES[r.algorithm]];
  const tried: string[] = [];
  for (const name of candidates) {
    const path = join(folder, name);
    if ((await lstat(path).catch(() => undefined))?.isSymbolicLink()) {
      tried.push(`${name} is a symbolic link, which is not followed`);
      continue;
    }
    const text = await readFile(path, { encoding: 'utf8', flag: constants.O_RDONLY | constants.O_NOFOLLOW }).catch(() => undefined);
    if (text === undefined) continue;
    const found = findDigest(text, r.fileName, r.algorithm, name);
    if ('problem' in found) {
      tried.push(found.problem);
      continue;
    }
    return { sumText: text, expected: found.digest };
  }
  const why = tried.length ? `: ${tried.join('; ')}` : '';
  throw new ApiError('FAILED_PRECONDITION', `${r.fileName} is in the folder but its checksum is not (put ${candidates.join(' or ')} next to it)${why}`);
}
