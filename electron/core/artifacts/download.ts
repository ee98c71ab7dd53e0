// Downloading archives into the library: the digest course.yaml pins for the version in
// use, or else the published checksum file first (one that does not name the archive stops
// there); then the archive, streamed, hashed and verified before it is kept.
import type { ArtifactStatus } from '../../../common/api';
import { ApiError, messageOf } from '../../../common/errors';
import { checksumFileFor, findDigest } from './checksums';
import { type ArtifactContext, recordFailure } from './context';
import { type ArtifactFetch, readSmall } from './https-fetch';
import { formatBytes } from './messages';
import type { Resolved } from './resolve-artifact';
import { throttle } from './transfer-progress';

/** A checksum file is a few lines; anything bigger is an error page or the wrong URL. */
const CHECKSUM_LIMIT = 1024 * 1024;

/** Downloads the archives `ids` (all when none are given) that are not cached yet. */
export async function downloadArtifacts(ctx: ArtifactContext, fetch: ArtifactFetch, ids?: string[]): Promise<ArtifactStatus[]> {
  const { course, library, progress } = ctx;
  const chosen = ids?.length ? ids.map((id) => {
    const a = course.artifacts.find((x) => x.id === id);
    if (!a) throw new ApiError('NOT_FOUND', `no archive "${id}" in this course`);
    return a;
  }) : course.artifacts;
  for (const a of chosen) {
    for (const r of await library.files(a)) {
      if ('problem' in r) {
        progress({ artifactId: a.id, phase: 'failed', bytes: 0, message: r.problem });
        continue;
      }
      await library.locks.run(r.path, async () => {
        if ((await library.verify(r)).cached) {
          progress({ artifactId: a.id, phase: 'done', bytes: 0, message: `${r.fileName} is already here, verified` });
          return;
        }
        try {
          await downloadOne(ctx, fetch, r);
          library.failures.delete(r.path);
        } catch (err) {
          recordFailure(ctx, r, err);
        }
      });
    }
  }
  return library.list();
}

/** The digest to check against and the checksum file to keep: the pinned one, or the release's file fetched first. */
async function expectedDigest(ctx: ArtifactContext, fetch: ArtifactFetch, r: Resolved): Promise<{ digest: string; sumText: string }> {
  if (r.digestSource.kind === 'pinned') {
    const digest = r.digestSource.digest;
    return { digest, sumText: checksumFileFor(r, `${digest}\n`, digest) };
  }
  ctx.progress({ artifactId: r.artifact.id, phase: 'download', bytes: 0, message: `fetching the checksum from ${r.checksumUrl}` });
  const sumRes = await fetch(r.checksumUrl);
  const sumText = (await readSmall(sumRes.body, CHECKSUM_LIMIT, r.checksumUrl)).toString('utf8');
  const found = findDigest(sumText, r.fileName, r.algorithm, r.checksumUrl);
  if ('problem' in found) throw new ApiError('FAILED_PRECONDITION', `cannot verify ${r.fileName}: ${found.problem}`);
  return { digest: found.digest, sumText };
}

async function downloadOne(ctx: ArtifactContext, fetch: ArtifactFetch, r: Resolved): Promise<void> {
  const { progress } = ctx;
  const id = r.artifact.id;
  const { digest, sumText } = await expectedDigest(ctx, fetch, r);

  const res = await fetch(r.url);
  const length = Number(res.headers['content-length']);
  const total = Number.isFinite(length) && length > 0 ? length : undefined;
  const tick = throttle(ctx.progressIntervalMs, (bytes) => progress({ artifactId: id, phase: 'download', bytes, ...(total ? { total } : {}) }));
  const size = await ctx.library.store(r, res.body, digest, sumText, 'download', tick).catch((err: unknown) => {
    if (err instanceof ApiError) throw err;
    throw new ApiError('FAILED_PRECONDITION', `downloading ${r.fileName} failed: ${messageOf(err)}`);
  });
  if (total !== undefined && size !== total) throw new ApiError('FAILED_PRECONDITION', `downloading ${r.fileName} stopped after ${size} of ${total} bytes`);
  progress({ artifactId: id, phase: 'done', bytes: size, total: size, message: `${r.fileName} downloaded and verified (${formatBytes(size)})` });
}
