// Writing files onto a VM for the uploader. Logged in as root, SFTP writes them in place.
// Logged in as a sudo user, SFTP (which runs as that user) cannot write where the lessons
// expect the archives (/root/binaries): the files go to a private folder in the user's home
// first and are moved into place by root, owned by root (the sudo exec of root-elevation.ts).
import { posix } from 'node:path';
import type { SFTPWrapper } from 'ssh2';
import { shq } from '../terminals/shell-quote';
import { SftpError, openSftp, sftpFastPut, sftpMkdirP, sftpRenameOver, sftpUnlink, sftpWriteFile } from './sftp';
import type { Vm } from './vm-probe';

export interface VmFiles {
  mkdirP(dir: string): Promise<void>;
  put(local: string, remote: string, size: number, onBytes: (bytes: number) => void): Promise<void>;
  writeFile(remote: string, data: Buffer): Promise<void>;
  renameOver(from: string, to: string): Promise<void>;
  /** Never fails: a file that is already gone is fine. */
  unlink(path: string): Promise<void>;
  close(): Promise<void>;
}

/** Files on `vm` as root: in place for a root login, staged and moved by sudo otherwise. */
export async function openVmFiles(vm: Vm): Promise<VmFiles> {
  const sftp = await openSftp(vm.conn.client);
  const kind = vm.conn.elevation?.kind ?? 'root';
  if (kind === 'root') return directFiles(sftp);
  try {
    return await stagedFiles(vm, sftp);
  } catch (err) {
    sftp.end();
    throw err;
  }
}

function directFiles(sftp: SFTPWrapper): VmFiles {
  return {
    mkdirP: (dir) => sftpMkdirP(sftp, dir),
    put: (local, remote, size, onBytes) => sftpFastPut(sftp, local, remote, size, onBytes),
    writeFile: (remote, data) => sftpWriteFile(sftp, remote, data),
    renameOver: (from, to) => sftpRenameOver(sftp, from, to),
    unlink: (path) => sftpUnlink(sftp, path),
    close: async () => sftp.end(),
  };
}

async function stagedFiles(vm: Vm, sftp: SFTPWrapper): Promise<VmFiles> {
  const made = await vm.conn.exec('mktemp -d "$HOME/.k8s-tutor-upload.XXXXXX"', { asLogin: true });
  const staging = made.stdout.trim();
  if (made.code !== 0 || !staging.startsWith('/')) throw new SftpError(`cannot make a folder to upload into (${made.stderr.trim() || 'mktemp failed'})`);
  /** Root runs it; a failure becomes an SftpError naming what failed. */
  const asRoot = async (command: string, what: string, timeoutMs = 120_000) => {
    const r = await vm.conn.exec(command, { timeoutMs });
    if (r.code !== 0) throw new SftpError(`${what}: ${r.stderr.trim() || `exit ${r.code}`}`);
  };
  const moveIntoPlace = (staged: string, remote: string) =>
    asRoot(`mv -f -- ${shq(staged)} ${shq(remote)} && chown 0:0 -- ${shq(remote)} && chmod 0644 -- ${shq(remote)}`, `moving into ${remote}`);
  const stagedPath = (remote: string) => posix.join(staging, posix.basename(remote));
  return {
    mkdirP: (dir) => asRoot(`mkdir -p -- ${shq(dir)}`, `mkdir ${dir}`),
    async put(local, remote, size, onBytes) {
      await sftpFastPut(sftp, local, stagedPath(remote), size, onBytes);
      await moveIntoPlace(stagedPath(remote), remote);
    },
    async writeFile(remote, data) {
      await sftpWriteFile(sftp, stagedPath(remote), data);
      await moveIntoPlace(stagedPath(remote), remote);
    },
    renameOver: (from, to) => asRoot(`mv -f -- ${shq(from)} ${shq(to)}`, `rename to ${to}`),
    async unlink(path) {
      await vm.conn.exec(`rm -f -- ${shq(path)}`).catch(() => undefined);
    },
    async close() {
      sftp.end();
      // A folder left behind (the link dropped) is harmless: a hidden one in the user's home.
      await vm.conn.exec(`rm -rf -- ${shq(staging)}`, { asLogin: true }).catch(() => undefined);
    },
  };
}
