// What the uploader asks a VM over the role's SSH connection, with the tools every Linux
// has (stat, cat, df, sha256sum/sha512sum); a failure names the VM.
import type { Client } from 'ssh2';
import { ApiError, messageOf } from '../../../common/errors';
import type { ExecOptions, ExecResult } from '../ssh/connection';
import type { Elevation } from '../ssh/root-elevation';
import { shq } from '../terminals/shell-quote';
import type { ChecksumAlgorithm } from './checksums';

/** What the uploader needs of a role's SSH connection (host-service's SshConnection fits). */
export interface ArtifactConnection {
  client: Client;
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /** How commands act as root (a sudo user's uploads are staged and moved); root login when absent. */
  readonly elevation?: Elevation;
}

/** A role's VM as the uploader talks to it: `name` (its hostname) goes into every message. */
export interface Vm {
  name: string;
  conn: ArtifactConnection;
}

export async function runOnVm(vm: Vm, command: string, timeoutMs = 30_000): Promise<ExecResult> {
  try {
    return await vm.conn.exec(command, { timeoutMs });
  } catch (err) {
    throw new ApiError('FAILED_PRECONDITION', `${vm.name}: ${messageOf(err)}`);
  }
}

/** Bytes free in `dir` on the VM, or undefined when df cannot tell. */
export async function freeBytes(vm: Vm, dir: string): Promise<number | undefined> {
  const res = await runOnVm(vm, `df -Pk -- ${shq(dir)}`);
  const kb = Number(res.stdout.trim().split('\n').at(-1)?.trim().split(/\s+/)[3]);
  return res.code === 0 && Number.isFinite(kb) ? kb * 1024 : undefined;
}

/** The file's digest computed on the VM (lower-case hex), or undefined when it cannot be read. */
export async function vmDigest(vm: Vm, algorithm: ChecksumAlgorithm, path: string): Promise<string | undefined> {
  const res = await runOnVm(vm, `${algorithm}sum -- ${shq(path)}`, 600_000);
  if (res.code !== 0) return undefined;
  return res.stdout.trim().split(/\s+/)[0]?.replace(/^\\/, '').toLowerCase();
}

/** The file's size on the VM, or undefined when there is no such file. */
export async function vmFileSize(vm: Vm, path: string): Promise<number | undefined> {
  const out = (await runOnVm(vm, `stat -c %s -- ${shq(path)} 2>/dev/null; true`)).stdout.trim();
  return out === '' ? undefined : Number(out);
}

/** The file's text on the VM; empty when there is no such file. */
export async function vmFileText(vm: Vm, path: string): Promise<string> {
  return (await runOnVm(vm, `cat -- ${shq(path)} 2>/dev/null; true`)).stdout;
}
