// Uploading the library's archives to a role's VM over SFTP. An archive the VM already has
// (same size and digest) is not sent again; otherwise it goes to `<dest>.part`, is checked
// with the VM's own shaNsum and renamed into place, then the checksum file the lesson uses.
import { posix } from 'node:path';
import { courseHost } from '../../../common/course';
import { ApiError, messageOf } from '../../../common/errors';
import type { Verified } from './artifact-library';
import type { ArtifactContext } from './context';
import { formatBytes } from './messages';
import type { Resolved } from './resolve-artifact';
import { SftpError } from './sftp';
import { throttle } from './transfer-progress';
import { type VmFiles, openVmFiles } from './vm-files';
import { type ArtifactConnection, type Vm, freeBytes, vmDigest, vmFileSize, vmFileText } from './vm-probe';

type Cached = Extract<Verified, { cached: true }>;

/** Uploads every cached archive the course puts on `role`; a notice names those not cached yet. */
export async function uploadArtifacts(ctx: ArtifactContext, connection: (role: string) => Promise<ArtifactConnection>, role: string): Promise<void> {
  const { course, library } = ctx;
  const name = courseHost(course, role).hostname;
  const wanted = course.artifacts.filter((a) => a.hosts.includes(role));
  if (wanted.length === 0) throw new ApiError('FAILED_PRECONDITION', `the course puts no archive on ${name}`);
  const ready: { r: Resolved; v: Cached }[] = [];
  const notReady: string[] = [];
  for (const a of wanted) {
    const r = await library.resolve(a, role);
    if ('problem' in r) {
      notReady.push(`${a.id} (${r.problem})`);
      continue;
    }
    const v = await library.verify(r);
    if (v.cached) ready.push({ r, v });
    else notReady.push(r.fileName);
  }
  if (ready.length === 0) {
    throw new ApiError('FAILED_PRECONDITION', `none of the archives ${name} needs is on this computer yet (${notReady.join(', ')}): use "Download all" or "Use a folder" first`);
  }
  const vm: Vm = { name, conn: await connection(role) };
  const files = await openVmFiles(vm).catch((err: unknown) => {
    throw new ApiError('FAILED_PRECONDITION', `${name}: ${messageOf(err)}`);
  });
  try {
    for (const { r, v } of ready) {
      await library.locks.run(`upload:${role}:${r.dest}`, () => new ArchiveUpload(ctx, role, vm, files, r, v).run());
    }
  } finally {
    await files.close();
  }
  if (notReady.length) {
    ctx.events.emit('notice', { level: 'warning', message: `Not uploaded to ${name} (not on this computer yet): ${notReady.join(', ')}.` });
  }
}

/** One archive and its checksum file on their way to one VM; every failure is a `failed` event and an ApiError. */
class ArchiveUpload {
  private readonly dir: string;
  private readonly sumDest: string;

  constructor(
    private readonly ctx: ArtifactContext,
    private readonly role: string,
    private readonly vm: Vm,
    private readonly files: VmFiles,
    private readonly r: Resolved,
    private readonly v: Cached,
  ) {
    this.dir = posix.dirname(r.dest);
    this.sumDest = `${r.dest}.${r.algorithm}`;
  }

  async run(): Promise<void> {
    const { r, v, vm } = this;
    this.progress('verify', 0, `looking for ${r.fileName} on ${vm.name}`);
    const archiveThere = (await vmFileSize(vm, r.dest)) === v.size && (await vmDigest(vm, r.algorithm, r.dest)) === v.digest;
    const sumThere = (await vmFileText(vm, this.sumDest)) === v.sumText;
    if (archiveThere && sumThere) {
      this.progress('done', v.size, `${r.fileName} is already on ${vm.name} (same size and ${r.algorithm}): not uploaded again`);
      return;
    }
    try {
      await this.files.mkdirP(this.dir);
    } catch (err) {
      this.fail(`${vm.name}: cannot create ${this.dir} (${messageOf(err)})`);
    }
    if (!archiveThere) await this.putArchive();
    if (!sumThere) await this.putChecksumFile();
    this.progress('done', v.size, archiveThere
      ? `${r.fileName} was already on ${vm.name}; its checksum file was written`
      : `${r.fileName} and ${posix.basename(this.sumDest)} are on ${vm.name} in ${this.dir}`);
  }

  /** `.part`, verified on the VM, renamed over the destination: a VM never has half an archive under its name. */
  private async putArchive(): Promise<void> {
    const { r, v, vm, files } = this;
    const free = await freeBytes(vm, this.dir);
    if (free !== undefined && free < v.size) this.fail(await this.noSpace(free));
    const part = `${r.dest}.part`;
    const started = Date.now();
    const tick = throttle(this.ctx.progressIntervalMs, (bytes) => this.progress('upload', bytes));
    this.progress('upload', 0);
    try {
      await files.put(r.path, part, v.size, tick);
    } catch (err) {
      await files.unlink(part);
      const code = err instanceof SftpError ? err.code : undefined;
      const after = code === 4 ? await freeBytes(vm, this.dir).catch(() => undefined) : undefined;
      if (code === 4 && after !== undefined && after < 1024 * 1024) this.fail(await this.noSpace(after));
      if (code === 3) this.fail(`${vm.name}: permission denied while uploading ${r.fileName} to ${this.dir} (the app writes there as root: check Test connection's "Acts as root")`);
      this.fail(`${vm.name}: uploading ${r.fileName} failed: ${messageOf(err)}`);
    }
    const seconds = (Date.now() - started) / 1000;
    this.progress('verify', v.size, `checking ${r.fileName} on ${vm.name}`);
    const arrived = await vmDigest(vm, r.algorithm, part);
    if (arrived !== v.digest) {
      await files.unlink(part);
      this.fail(`${vm.name}: ${r.fileName} arrived damaged (${r.algorithm} ${arrived ?? 'unreadable'}, expected ${v.digest}); it was removed. Try again.`);
    }
    try {
      await files.renameOver(part, r.dest);
    } catch (err) {
      await files.unlink(part);
      this.fail(`${vm.name}: cannot move ${r.fileName} into place: ${messageOf(err)}`);
    }
    this.progress('upload', v.size, `${formatBytes(v.size)} in ${seconds.toFixed(1)} s (${(v.size / 1024 / 1024 / Math.max(seconds, 0.001)).toFixed(1)} MB/s)`);
  }

  private async putChecksumFile(): Promise<void> {
    const { sumDest, files } = this;
    try {
      await files.writeFile(`${sumDest}.part`, Buffer.from(this.v.sumText, 'utf8'));
      await files.renameOver(`${sumDest}.part`, sumDest);
    } catch (err) {
      await files.unlink(`${sumDest}.part`);
      const code = err instanceof SftpError ? err.code : undefined;
      if (code === 4) this.fail(await this.noSpace());
      this.fail(`${this.vm.name}: cannot write ${sumDest}: ${messageOf(err)}`);
    }
  }

  private progress(phase: 'verify' | 'upload' | 'done', bytes: number, message?: string): void {
    this.ctx.progress({ artifactId: this.r.artifact.id, role: this.role, phase, bytes, total: this.v.size, ...(message ? { message } : {}) });
  }

  private fail(message: string): never {
    this.ctx.progress({ artifactId: this.r.artifact.id, role: this.role, phase: 'failed', bytes: 0, total: this.v.size, message });
    throw new ApiError('FAILED_PRECONDITION', message);
  }

  private async noSpace(free?: number): Promise<string> {
    const { vm, dir, r, v } = this;
    const avail = free ?? (await freeBytes(vm, dir).catch(() => undefined));
    return `${vm.name}: no space left on device while uploading ${r.fileName} (it needs ${formatBytes(v.size)}${avail !== undefined ? `; ${dir} has ${formatBytes(avail)} free` : ''}). Free some space (df -h ${dir}) and try again.`;
  }
}
