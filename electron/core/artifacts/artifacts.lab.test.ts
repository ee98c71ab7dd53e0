// The offline path against the e2e lab, end to end: `lab.sh artifacts` builds an etcd
// release archive (Debian's 3.4.23 in the release layout), the service imports it with the
// REAL course's artifacts (versions.etcd overridden to 3.4.23 as in the lab's settings),
// uploads it to kube-master over a real SSH connection (SFTP), and lesson 05's own check
// and block then verify and unpack it on the VM. It needs /root/binaries to itself: one
// that is there already (a lesson ran in the lab) is moved aside first and put back after.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Course } from '../../../common/course';
import { labExec, labHosts, type LabHost } from '../../../e2e/helpers/lab';
import { shq } from '../terminals/shell-quote';
import { loadCourse } from '../lessons';
import { openLabConnection } from '../../../e2e/helpers/lab-ssh';
import type { SshConnection } from '../ssh/connection';
import { createArtifactService } from './artifact-service';
import { eventLog, testResolver } from './test-support';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const LAB = join(ROOT, 'e2e', 'lab', 'lab.sh');
const FILE = 'etcd-v3.4.23-linux-amd64.tar.gz';
const DEST = `/root/binaries/${FILE}`;
const NOSPACE_DIR = '/root/binaries/etcd-v3.4.23-nospace';
/** Where a /root/binaries that was there before waits; a killed run's is put back first. */
const ASIDE = '/root/binaries.before-artifacts-lab-test';
const overrides = { 'versions.etcd': '3.4.23' };

let hosts: LabHost[];
let course: Course;
let dir: string;
let conn: SshConnection;

async function open(role: 'master' | 'worker'): Promise<SshConnection> {
  const h = hosts.find((x) => x.role === role)!;
  return openLabConnection(h);
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const onVm = async (command: string, timeoutMs = 60_000) => conn.exec(command, { timeoutMs });

beforeAll(async () => {
  hosts = labHosts(); // throws (the test fails) when the lab is down
  course = (await loadCourse(join(ROOT, 'lessons'))).course;
  dir = await mkdtemp(join(tmpdir(), 'artifacts-lab-'));
  execFileSync('bash', [LAB, 'artifacts', join(dir, 'release')], { stdio: ['ignore', 'ignore', 'pipe'] });
  conn = await open('master');
  labExec('master', `umount ${NOSPACE_DIR} 2>/dev/null; if [ -e ${ASIDE} ]; then rm -rf /root/binaries && mv ${ASIDE} /root/binaries; fi; if [ -e /root/binaries ]; then mv /root/binaries ${ASIDE}; fi`);
}, 60_000);

afterAll(async () => {
  try {
    labExec('master', `umount ${NOSPACE_DIR} 2>/dev/null; rm -rf /root/binaries; if [ -e ${ASIDE} ]; then mv ${ASIDE} /root/binaries; fi`);
  } finally {
    conn?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
});

function service(dataDir: string, c: Pick<Course, 'artifacts' | 'hosts' | 'versions' | 'variables'> = course) {
  const log = eventLog();
  const svc = createArtifactService({
    course: c, dataDir, events: log.events,
    resolve: testResolver(c, () => overrides),
    connection: async () => conn,
  });
  return { svc, log };
}

describe('offline artifacts on the lab', () => {
  it('imports the lab-built etcd archive, uploads it to kube-master byte-identical, skips it the second time; lesson 05 verifies it', async () => {
    const release = join(dir, 'release');
    const archive = await readFile(join(release, FILE));
    const sums = await readFile(join(release, 'SHA256SUMS'), 'utf8');
    expect(sums).toBe(`${sha256(archive)}  ${FILE}\n`);

    const { svc, log } = service(join(dir, 'data'));
    const imported = await svc.importArtifacts(release);
    const etcd = imported.find((a) => a.id === 'etcd')!;
    expect(etcd).toMatchObject({ cached: true, dest: DEST, size: archive.length, url: `https://github.com/etcd-io/etcd/releases/download/v3.4.23/${FILE}` });
    for (const other of imported.filter((a) => a.id !== 'etcd')) expect(other.cached).toBe(false);
    expect(log.notices()[0]).toContain('1 of 4 archives taken');

    // Upload: the course puts etcd and the server binaries on the master; only etcd is here.
    const started = Date.now();
    await svc.uploadArtifacts('master');
    const seconds = (Date.now() - started) / 1000;
    const up = log.progress('etcd').filter((p) => p.role === 'master');
    const uploads = up.filter((p) => p.phase === 'upload');
    expect(uploads.length).toBeGreaterThan(0);
    expect(uploads.at(-1)).toMatchObject({ bytes: archive.length, total: archive.length });
    expect(up.at(-1)).toMatchObject({ phase: 'done' });
    expect(log.notices().at(-1)).toContain('Not uploaded to kube-master (not on this computer yet): kubernetes-server-linux-amd64.tar.gz');
    console.log(`upload of ${FILE} (${(archive.length / 1e6).toFixed(1)} MB) to kube-master: ${seconds.toFixed(2)} s including the checks; transfer ${uploads.at(-1)?.message}`);

    // Byte-identical, checksum file next to it, no .part left.
    const remoteSum = await onVm(`sha256sum ${DEST}; cat ${DEST}.sha256; ls /root/binaries`);
    expect(remoteSum.stdout).toBe(`${sha256(archive)}  ${DEST}\n${sums}${FILE}\n${FILE}.sha256\n`);
    expect(remoteSum.stdout).not.toContain('.part');

    // The lesson's own check, as the checkpoint would run it.
    const lesson = course.lessons.find((l) => l.id === 'download-binaries')!;
    const check = lesson.checks.find((c) => c.id === 'etcd-archive-verified')!;
    const run = await testResolver(course, () => overrides)((check as { run: string }).run, 'check');
    expect(run).toBe(`cd /root/binaries && sha256sum --ignore-missing -c ${FILE}.sha256`);
    const verified = await onVm(run);
    expect(verified).toMatchObject({ code: 0, stdout: `${FILE}: OK\n` });

    // Second upload: already there, same size and digest, nothing sent.
    const before = log.progress('etcd').length;
    await svc.uploadArtifacts('master');
    const second = log.progress('etcd').slice(before);
    expect(second.some((p) => p.phase === 'upload')).toBe(false);
    expect(second.at(-1)).toMatchObject({ phase: 'done', message: `${FILE} is already on kube-master (same size and sha256): not uploaded again` });

    // The lesson's block finds the file, skips the download and unpacks a working etcd.
    const block = lesson.blocks.find((b) => b.title === 'Download and verify etcd')!;
    const code = await testResolver(course, () => overrides)(block.code, 'block');
    const ran = await onVm(`bash -c ${shq(code)}`);
    expect(ran.stdout).toContain(`${FILE} is already here; not downloading it again`);
    expect(ran.stdout).toContain('etcd Version: 3.4.23');
    expect(ran.code).toBe(0);
  }, 120_000);

  it('a damaged archive on the VM (same size, other bytes) is replaced, atomically', async () => {
    const { svc, log } = service(join(dir, 'data'));
    await onVm(`printf 'XXXX' | dd of=${DEST} bs=1 seek=100 conv=notrunc 2>/dev/null`);
    const { size } = await stat(join(dir, 'data', 'artifacts', FILE));
    expect((await onVm(`stat -c %s ${DEST}`)).stdout.trim()).toBe(String(size));
    await svc.uploadArtifacts('master');
    expect(log.progress('etcd').some((p) => p.phase === 'upload')).toBe(true);
    expect((await onVm(`cd /root/binaries && sha256sum --ignore-missing -c ${FILE}.sha256`)).stdout).toBe(`${FILE}: OK\n`);
  }, 60_000);

  it('says "no space left on device" before sending anything when the VM is full', async () => {
    // A 1 MB tmpfs at a path of our own under /root/binaries/etcd-v3.4.23*.
    labExec('master', `mkdir -p ${NOSPACE_DIR} && mount -t tmpfs -o size=1m tmpfs ${NOSPACE_DIR}`);
    const dest = `${NOSPACE_DIR}/${FILE}`;
    const c = { ...course, artifacts: course.artifacts.filter((a) => a.id === 'etcd').map((a) => ({ ...a, dest })) };
    const { svc, log } = service(join(dir, 'data'), c);
    await expect(svc.uploadArtifacts('master')).rejects.toThrow(
      new RegExp(`^kube-master: no space left on device while uploading ${FILE.replace(/\./g, '\\.')} \\(it needs 1[0-9.]+ MB; ${NOSPACE_DIR} has 1\\.0 MB free\\)`),
    );
    expect(log.progress('etcd').at(-1)).toMatchObject({ phase: 'failed', role: 'master' });
    expect((await onVm(`ls -A ${NOSPACE_DIR}`)).stdout).toBe('');
  }, 60_000);

  it('throughput: 64 MB of random bytes to kube-master over SFTP', async () => {
    const big = randomBytes(64 * 1024 * 1024);
    const name = 'etcd-v3.4.23-throughput.bin';
    const folder = join(dir, 'big');
    execFileSync('mkdir', ['-p', folder]);
    await writeFile(join(folder, name), big);
    await writeFile(join(folder, 'SHA256SUMS'), `${sha256(big)}  ${name}\n`);
    const artifact = { id: 'throughput', title: 'throughput', hosts: ['master'], url: `https://example.invalid/${name}`, checksumUrl: 'https://example.invalid/SHA256SUMS', algorithm: 'sha256' as const, dest: `/root/binaries/${name}` };
    const c = { ...course, artifacts: [artifact] };
    const { svc, log } = service(join(dir, 'data-big'), c);
    expect((await svc.importArtifacts(folder))[0]!.cached).toBe(true);
    await svc.uploadArtifacts('master');
    const uploads = log.progress('throughput').filter((p) => p.phase === 'upload');
    const msg = uploads.at(-1)!.message!;
    console.log(`throughput: ${msg}; ${uploads.length} upload progress events`);
    // The rate is printed, not bounded: a shared machine's speed varies from run to run.
    expect(msg).toMatch(/\([\d.]+ MB\/s\)/);
    // Throttled: at most ~10 events per second of transfer (+ first and final).
    const secs = Number(/in ([\d.]+) s/.exec(msg)![1]);
    expect(uploads.length).toBeLessThanOrEqual(Math.ceil(secs * 10) + 3);
    expect((await onVm(`sha256sum /root/binaries/${name}`)).stdout.split(' ')[0]).toBe(sha256(big));
  }, 120_000);
});
