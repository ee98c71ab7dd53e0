// A `copy` block's transfer: each listed file is read from the source VM and written to the
// same path on the destination VM over the app's own SSH connections (SFTP on both), so no
// key or password has to go from one VM to the other. The destination gets `<path>.part`,
// its mode, then a rename; missing folders are made readable by their owner only. What
// arrived is then shown and checked in the destination's terminal (verifyScript).
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { Client, SFTPWrapper } from 'ssh2';
import type { CopyItem } from '../../../common/copy-list';
import { ApiError, messageOf } from '../../../common/errors';
import { SftpError, openSftp, sftpRenameOver, sftpStat, sftpUnlink } from '../artifacts/sftp';
import { shq } from '../terminals/shell-quote';

/** Files a copy block moves are certificates, keys and configs: anything bigger is a mistake. */
export const COPY_MAX_BYTES = 8 * 1024 * 1024;

export interface CopyEnd {
  /** The machine's name, for messages. */
  name: string;
  client: Client;
}

export interface CopiedFile {
  path: string;
  size: number;
  mode: number;
  sha256: string;
}

/** Copies every item from `from` to `to`; throws FAILED_PRECONDITION naming the file and machine. */
export async function copyFiles(from: CopyEnd, to: CopyEnd, items: CopyItem[]): Promise<CopiedFile[]> {
  const src = await open(from);
  try {
    const dst = await open(to);
    try {
      // Every file is read before any is written: a missing one leaves the destination untouched.
      const read: { item: CopyItem; data: Buffer; mode: number }[] = [];
      for (const item of items) read.push({ item, ...(await readOne(src, from.name, item)) });
      const copied: CopiedFile[] = [];
      for (const r of read) copied.push(await writeOne(dst, to.name, r.item.path, r.data, r.mode));
      return copied;
    } finally {
      dst.end();
    }
  } finally {
    src.end();
  }
}

async function open(end: CopyEnd): Promise<SFTPWrapper> {
  return openSftp(end.client).catch((err: unknown) => {
    throw new ApiError('FAILED_PRECONDITION', `${end.name}: ${messageOf(err)}`);
  });
}

const failure = (path: string, name: string) => (err: unknown): never => {
  throw new ApiError('FAILED_PRECONDITION', `${path} on ${name}: ${messageOf(err)}`);
};

/** The file's bytes and the mode its copy gets; refuses what is missing, not a file, or too big. */
async function readOne(src: SFTPWrapper, fromName: string, item: CopyItem): Promise<{ data: Buffer; mode: number }> {
  const st = await sftpStat(src, item.path).catch(failure(item.path, fromName));
  if (!st) throw new ApiError('FAILED_PRECONDITION', `${item.path} does not exist on ${fromName}: run the blocks above that make it first`);
  if (!st.isFile()) throw new ApiError('FAILED_PRECONDITION', `${item.path} on ${fromName} is not a regular file`);
  if (st.size > COPY_MAX_BYTES) throw new ApiError('FAILED_PRECONDITION', `${item.path} on ${fromName} is ${st.size} bytes; a copy block moves files of at most ${COPY_MAX_BYTES} bytes`);
  const data = await readWhole(src, item.path).catch(failure(item.path, fromName));
  return { data, mode: item.mode ?? (st.mode & 0o777) };
}

async function writeOne(dst: SFTPWrapper, toName: string, path: string, data: Buffer, mode: number): Promise<CopiedFile> {
  const part = `${path}.part`;
  try {
    await mkdirOwnerOnly(dst, posix.dirname(path));
    await call<void>((cb) => dst.writeFile(part, data, { mode: 0o600 }, cb), `writing ${part}`);
    // The mode given at open is filtered by sftp-server's umask: set it exactly.
    await call<void>((cb) => dst.chmod(part, mode, cb), `chmod ${part}`);
    await sftpRenameOver(dst, part, path);
  } catch (err) {
    await sftpUnlink(dst, part);
    failure(path, toName)(err);
  }
  return { path, size: data.length, mode, sha256: createHash('sha256').update(data).digest('hex') };
}

function call<T>(start: (cb: (err: Error | null | undefined, value?: T) => void) => void, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    start((err, value) => (err ? reject(new SftpError(`${err.message} (${what})`, (err as Error & { code?: number }).code)) : resolve(value as T)));
  });
}

function readWhole(sftp: SFTPWrapper, path: string): Promise<Buffer> {
  return call<Buffer>((cb) => sftp.readFile(path, (err, data) => cb(err, data)), `reading ${path}`);
}

/** `mkdir -p` where each folder it makes is 0700 (they hold keys); existing ones are left alone. */
async function mkdirOwnerOnly(sftp: SFTPWrapper, dir: string): Promise<void> {
  let path = '';
  for (const part of dir.split('/').filter(Boolean)) {
    path += `/${part}`;
    const st = await sftpStat(sftp, path);
    if (st) {
      if (!st.isDirectory()) throw new SftpError(`${path} exists and is not a folder`);
      continue;
    }
    await call<void>((cb) => sftp.mkdir(path, { mode: 0o700 }, cb), `mkdir ${path}`);
    await call<void>((cb) => sftp.chmod(path, 0o700, cb), `chmod ${path}`);
  }
}

/**
 * What the destination's terminal runs after the transfer: it says where the files came
 * from, checks each one's SHA-256 against the source's, and lists them. The block passes
 * when every file checks out.
 */
export function verifyScript(fromName: string, copied: CopiedFile[]): string {
  const sums = copied.map((f) => `${f.sha256}  ${f.path}`).join('\n');
  return [
    `# ${copied.length === 1 ? '1 file' : `${copied.length} files`} copied by the app from ${fromName} over its own SSH connections; checking them here:`,
    `sha256sum -c <<'EOF'`,
    sums,
    'EOF',
    `ls -l ${copied.map((f) => shq(f.path)).join(' ')}`,
  ].join('\n');
}
