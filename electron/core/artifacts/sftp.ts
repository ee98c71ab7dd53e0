// Promise wrappers over ssh2's SFTP client for the uploader: open a session, mkdir -p,
// fastPut with progress, rename over an existing file, and errors a learner can read.
import type { Client, SFTPWrapper, Stats } from 'ssh2';

/** SFTP status codes (draft-ietf-secsh-filexfer-02, what OpenSSH speaks). */
const SFTP_STATUS: Record<number, string> = {
  1: 'end of file',
  2: 'no such file or directory',
  3: 'permission denied',
  4: 'failure',
  5: 'bad message',
  6: 'no connection',
  7: 'connection lost',
  8: 'operation not supported',
};

export class SftpError extends Error {
  constructor(message: string, readonly code?: number) {
    super(message);
    this.name = 'SftpError';
  }
}

function wrap(err: Error & { code?: unknown }, what: string): SftpError {
  const code = typeof err.code === 'number' ? err.code : undefined;
  const reason = code !== undefined && SFTP_STATUS[code] ? SFTP_STATUS[code] : err.message;
  return new SftpError(`${reason} (${what})`, code);
}

export function openSftp(client: Client): Promise<SFTPWrapper> {
  return new Promise((resolve, reject) => {
    client.sftp((err, sftp) => (err ? reject(new SftpError(`the VM refused an SFTP session (${err.message}); is the sftp subsystem enabled in sshd_config?`)) : resolve(sftp)));
  });
}

export function sftpStat(sftp: SFTPWrapper, path: string): Promise<Stats | undefined> {
  return new Promise((resolve, reject) => {
    sftp.stat(path, (err, stats) => {
      if (!err) return resolve(stats);
      if ((err as Error & { code?: unknown }).code === 2) return resolve(undefined);
      reject(wrap(err, `stat ${path}`));
    });
  });
}

/** `mkdir -p`: creates each missing parent in turn (SFTP's mkdir is one level). */
export async function sftpMkdirP(sftp: SFTPWrapper, dir: string): Promise<void> {
  const parts = dir.split('/').filter(Boolean);
  let path = '';
  for (const part of parts) {
    path += `/${part}`;
    const st = await sftpStat(sftp, path);
    if (st) {
      if (!st.isDirectory()) throw new SftpError(`${path} exists and is not a directory`);
      continue;
    }
    await new Promise<void>((resolve, reject) => {
      sftp.mkdir(path, { mode: 0o755 }, (err) => {
        if (!err) return resolve();
        // Someone else made it meanwhile: fine if it is a directory now.
        sftpStat(sftp, path).then((again) => (again?.isDirectory() ? resolve() : reject(wrap(err, `mkdir ${path}`))), reject);
      });
    });
  }
}

export function sftpFastPut(sftp: SFTPWrapper, local: string, remote: string, size: number, onBytes: (bytes: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    sftp.fastPut(local, remote, {
      concurrency: 32,
      chunkSize: 64 * 1024,
      mode: 0o644,
      fileSize: size,
      step: (transferred) => onBytes(transferred),
    }, (err) => (err ? reject(wrap(err, `writing ${remote}`)) : resolve()));
  });
}

export function sftpWriteFile(sftp: SFTPWrapper, remote: string, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    sftp.writeFile(remote, data, { mode: 0o644 }, (err) => (err ? reject(wrap(err, `writing ${remote}`)) : resolve()));
  });
}

/** Renames over an existing file: OpenSSH's posix-rename when offered, else remove then rename. */
export function sftpRenameOver(sftp: SFTPWrapper, from: string, to: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const plain = () => sftp.unlink(to, () => sftp.rename(from, to, (err) => (err ? reject(wrap(err, `rename to ${to}`)) : resolve())));
    try {
      sftp.ext_openssh_rename(from, to, (err) => (err ? plain() : resolve()));
    } catch {
      plain(); // the server does not offer posix-rename@openssh.com
    }
  });
}

export function sftpUnlink(sftp: SFTPWrapper, path: string): Promise<void> {
  return new Promise((resolve) => sftp.unlink(path, () => resolve()));
}
