// A course artifact made concrete for the current variable values: its URLs, where it goes
// on the VM, and its files in the library (another version is another file name).
import { join, posix } from 'node:path';
import type { Artifact } from '../../../common/course';
import { messageOf } from '../../../common/errors';
import type { CachePaths } from './cache-files';
import type { ChecksumAlgorithm } from './checksums';

export interface Resolved extends CachePaths {
  artifact: Artifact;
  url: string;
  checksumUrl: string;
  dest: string;
  algorithm: ChecksumAlgorithm;
  fileName: string;
}

/** Fills {{variables}}; throws (FAILED_PRECONDITION) naming what is missing. */
export type ResolveText = (text: string, what: string) => Promise<string>;

/** The file name becomes a path in the library and on the VM: nothing but a plain name. */
const SAFE_FILE = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

export async function resolveArtifact(a: Artifact, cacheDir: string, resolve: ResolveText): Promise<Resolved | { problem: string }> {
  try {
    const what = `The archive "${a.title}"`;
    const url = await resolve(a.url, what);
    const checksumUrl = await resolve(a.checksumUrl, what);
    const dest = await resolve(a.dest, what);
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
