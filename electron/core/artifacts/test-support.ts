// Shared by the artifact tests: a course with the real artifacts' shapes, a resolver
// that works like block-service's (course versions + settings overrides), an event log,
// and a VM for the uploader without SSH.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Client, SFTPWrapper } from 'ssh2';
import type { ApiEvents, ArtifactProgress, HostSummary } from '../../../common/api';
import type { Architecture, Artifact, Course } from '../../../common/course';
import { ApiError } from '../../../common/errors';
import { resolveVariables, variableValues } from '../../../common/variables';
import type { EventBus } from '../events';
import type { ExecResult } from '../ssh/connection';
import type { ArtifactConnection } from './vm-probe';

export type TestCourse = Pick<Course, 'artifacts' | 'hosts' | 'versions' | 'variables'>;

export function testCourse(base = 'https://example.invalid', artifacts?: Artifact[]): TestCourse {
  return {
    versions: { etcd: '3.5.4', kubernetes: '1.24.10' },
    variables: {},
    hosts: [
      { role: 'master', hostname: 'kube-master', minimum: { memoryMiB: 1024, cpus: 1 } },
      { role: 'worker', hostname: 'kube-worker', minimum: { memoryMiB: 1024, cpus: 1 } },
    ],
    artifacts: artifacts ?? [
      {
        id: 'etcd', title: 'etcd and etcdctl', hosts: ['master'],
        url: `${base}/v{{versions.etcd}}/etcd-v{{versions.etcd}}-linux-{{arch}}.tar.gz`,
        checksumUrl: `${base}/v{{versions.etcd}}/SHA256SUMS`,
        algorithm: 'sha256',
        dest: '/root/binaries/etcd-v{{versions.etcd}}-linux-{{arch}}.tar.gz',
      },
      {
        id: 'kubernetes-node', title: 'Kubernetes node binaries', hosts: ['worker'],
        url: `${base}/v{{versions.kubernetes}}/kubernetes-node-linux-{{arch}}.tar.gz`,
        checksumUrl: `${base}/v{{versions.kubernetes}}/kubernetes-node-linux-{{arch}}.tar.gz.sha512`,
        algorithm: 'sha512',
        dest: '/root/binaries/kubernetes-node-linux-{{arch}}.tar.gz',
      },
    ],
  };
}

/** Saved hosts as listHosts gives them, with the architecture Test connection read (amd64 for every role by default). */
export function testHosts(arch: Record<string, Architecture | undefined> = { master: 'amd64', worker: 'amd64' }): HostSummary[] {
  return Object.entries(arch).map(([role, a]) => ({
    role, address: `${role}.example.invalid`, port: 22, user: 'root', auth: 'agent', hasSecret: false, ...(a ? { arch: a } : {}),
  }));
}

/** Like block-service's resolve(): throws FAILED_PRECONDITION naming the missing variables. */
export function testResolver(course: TestCourse, overrides: () => Record<string, string> = () => ({}), hosts: () => HostSummary[] = () => testHosts()) {
  return async (text: string, what: string): Promise<string> => {
    const r = resolveVariables(text, variableValues(course, hosts(), overrides()));
    if (r.text === undefined) throw new ApiError('FAILED_PRECONDITION', `${what} cannot run yet: ${r.missing.map((m) => `{{${m.name}}} ${m.problem}`).join('; ')}.`);
    return r.text;
  };
}

export function eventLog() {
  const all: Array<{ name: string; payload: unknown }> = [];
  const events: Pick<EventBus, 'emit'> = {
    emit<E extends keyof ApiEvents>(name: E, payload: ApiEvents[E]) {
      all.push({ name, payload });
    },
  };
  const progress = (id?: string) => all.filter((e) => e.name === 'artifact:progress').map((e) => e.payload as ArtifactProgress).filter((p) => !id || p.artifactId === id);
  const notices = () => all.filter((e) => e.name === 'notice').map((e) => (e.payload as { message: string }).message);
  return { events, all, progress, notices };
}

/**
 * A VM as the uploader sees it: files in memory, the few commands it runs (stat, cat, df,
 * shaNsum) and the SFTP calls it makes. `state` makes it misbehave.
 */
export function fakeVm() {
  const files = new Map<string, Buffer>();
  const dirs = new Set<string>(['/', '/root']);
  const state = { freeKb: 1_000_000, damage: false, putError: undefined as { code: number; message: string } | undefined, puts: 0, ended: false };
  const ok = (stdout: string): ExecResult => ({ code: 0, stdout, stderr: '' });
  const sftpError = (code: number, message: string) => Object.assign(new Error(message), { code });
  type Done = (err?: Error) => void;

  const exec = async (command: string): Promise<ExecResult> => {
    let m: RegExpExecArray | null;
    if ((m = /^stat -c %s -- (\S+) 2>\/dev\/null; true$/.exec(command))) return ok(files.has(m[1]!) ? `${files.get(m[1]!)!.length}\n` : '');
    if ((m = /^cat -- (\S+) 2>\/dev\/null; true$/.exec(command))) return ok(files.get(m[1]!)?.toString('utf8') ?? '');
    if (/^df -Pk -- \S+$/.test(command)) return ok(`Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda1 20000000 1000 ${state.freeKb} 1% /\n`);
    if ((m = /^(sha256|sha512)sum -- (\S+)$/.exec(command))) {
      const f = files.get(m[2]!);
      return f ? ok(`${createHash(m[1]!).update(f).digest('hex')}  ${m[2]}\n`) : { code: 1, stdout: '', stderr: `${m[2]}: No such file or directory` };
    }
    throw new Error(`the fake VM does not know: ${command}`);
  };
  const move = (from: string, to: string, done: Done) => {
    const f = files.get(from);
    if (!f) return done(sftpError(2, 'No such file'));
    files.delete(from);
    files.set(to, f);
    done();
  };
  const sftp = {
    stat(path: string, done: (err: Error | undefined, stats?: { isDirectory(): boolean }) => void) {
      if (dirs.has(path)) done(undefined, { isDirectory: () => true });
      else if (files.has(path)) done(undefined, { isDirectory: () => false });
      else done(sftpError(2, 'No such file'));
    },
    mkdir(path: string, _attrs: unknown, done: Done) {
      dirs.add(path);
      done();
    },
    fastPut(local: string, remote: string, opts: { step?: (sent: number, chunk: number, total: number) => void }, done: Done) {
      state.puts++;
      if (state.putError) return done(sftpError(state.putError.code, state.putError.message));
      readFile(local).then((bytes) => {
        if (state.damage) bytes[0] = bytes[0]! ^ 0xff;
        files.set(remote, bytes);
        opts.step?.(bytes.length, bytes.length, bytes.length);
        done();
      }, done);
    },
    writeFile(remote: string, data: Buffer, _opts: unknown, done: Done) {
      files.set(remote, Buffer.from(data));
      done();
    },
    ext_openssh_rename: move,
    rename: move,
    unlink(path: string, done: Done) {
      files.delete(path);
      done();
    },
    end() {
      state.ended = true;
    },
  };
  const client = { sftp: (done: (err: Error | undefined, s: SFTPWrapper) => void) => done(undefined, sftp as unknown as SFTPWrapper) };
  const conn: ArtifactConnection = { client: client as unknown as Client, exec };
  return { files, dirs, state, conn };
}
