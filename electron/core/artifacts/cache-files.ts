// The files that make one archive in the library, and the order they are written in:
//   <file>                 the archive, only ever renamed into place after verification
//   <file>.<algorithm>     the checksum file, as the lesson expects it next to the archive
//   <file>.source.json     which URL it stands for (written last: a version change, or a
//                          crash between the two renames, leaves the archive "not cached")
import { readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type AtomicWriteOptions, fsyncDir, writeFileAtomic } from '../storage/atomic-write';
import type { ChecksumAlgorithm } from './checksums';

export interface CachePaths {
  /** The archive. */
  path: string;
  /** Its checksum file. */
  sumPath: string;
  sourcePath: string;
}

export interface SourceRecord {
  url: string;
  checksumUrl: string;
  algorithm: ChecksumAlgorithm;
  digest: string;
  size: number;
  from: 'download' | 'import';
  at: string;
}

/** The library's files are no secret (they are uploaded to the VMs); some filesystems refuse a folder fsync. */
const WRITE: AtomicWriteOptions = { mode: 0o600, tolerateDirSync: true };

/** The source record and checksum text of an archive that is there, or undefined when any of the three files is missing or unreadable. */
export async function readCacheEntry(p: CachePaths): Promise<{ source: SourceRecord; sumText: string } | undefined> {
  try {
    const source = JSON.parse(await readFile(p.sourcePath, 'utf8')) as SourceRecord;
    const sumText = await readFile(p.sumPath, 'utf8');
    await stat(p.path);
    return { source, sumText };
  } catch {
    return undefined;
  }
}

/** Puts a verified archive (`part`, already fsynced) in place with its checksum file, then the record that makes it count. */
export async function commitArchive(p: CachePaths, part: string, sumText: string, record: SourceRecord): Promise<void> {
  await unlink(p.sourcePath).catch(() => undefined);
  await writeFileAtomic(p.sumPath, sumText, WRITE);
  await rename(part, p.path);
  await fsyncDir(dirname(p.path), WRITE.tolerateDirSync);
  await writeFileAtomic(p.sourcePath, `${JSON.stringify(record, null, 2)}\n`, WRITE);
}
