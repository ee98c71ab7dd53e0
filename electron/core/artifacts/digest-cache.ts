// Digests of the library's archives, computed once: an entry holds while the file's size
// and mtime stay the same, so listing the library does not read every archive again.
import { stat } from 'node:fs/promises';
import { type ChecksumAlgorithm, digestFile } from './checksums';

interface Known {
  size: number;
  mtimeMs: number;
  algorithm: ChecksumAlgorithm;
  digest: string;
}

export class DigestCache {
  private readonly known = new Map<string, Known>();

  async digestOf(path: string, algorithm: ChecksumAlgorithm): Promise<{ digest: string; size: number }> {
    const st = await stat(path);
    const memo = this.known.get(path);
    if (memo && memo.size === st.size && memo.mtimeMs === st.mtimeMs && memo.algorithm === algorithm) return { digest: memo.digest, size: st.size };
    const r = await digestFile(path, algorithm);
    this.known.set(path, { size: st.size, mtimeMs: st.mtimeMs, algorithm, digest: r.digest });
    return r;
  }

  /** Records the digest of a file just written (it was hashed on the way in). */
  async remember(path: string, algorithm: ChecksumAlgorithm, digest: string): Promise<void> {
    const st = await stat(path);
    this.known.set(path, { size: st.size, mtimeMs: st.mtimeMs, algorithm, digest });
  }
}
