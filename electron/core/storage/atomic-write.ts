// Crash-safe file replacement: write a temp file in the same folder, fsync it, rename it
// over the target, then fsync the folder so the rename itself is durable. A reader (or a
// restart after kill -9 or power loss) sees either the old or the new file, never a torn one.
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Mode of the new file; default 600, as the data dir holds the learner's own files. */
  mode?: number;
  /** Carry on when the filesystem refuses fsync on a folder (the rename is atomic all the same). */
  tolerateDirSync?: boolean;
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  // A unique temp name: two writers (or a leftover of a killed one) never share a temp file.
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fh = await open(tmp, 'w', options.mode ?? 0o600);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await fsyncDir(dirname(path), options.tolerateDirSync);
}

/** Flushes a file written through a stream (no handle left to fsync) before it is renamed into place. */
export async function fsyncFile(path: string): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Makes the renames in `dir` durable. */
export async function fsyncDir(dir: string, tolerateRefusal = false): Promise<void> {
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } catch (err) {
    if (!tolerateRefusal) throw err;
  } finally {
    await dh.close();
  }
}
