// Uploads without a VM (a fake one, see test-support): what lands where, what is skipped
// because the VM has it, and each refusal with its message. The lab test does it for real.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/temp-dir';
import { createArtifactService } from './artifact-service';
import { eventLog, fakeVm, testCourse, testResolver } from './test-support';

const ETCD = 'etcd-v3.5.4-linux-amd64.tar.gz';
const DEST = `/root/binaries/${ETCD}`;
const etcdBytes = randomBytes(100_000);
const sums = `${createHash('sha256').update(etcdBytes).digest('hex')}  ${ETCD}\n`;

let root: string;
let vm: ReturnType<typeof fakeVm>;
useTempDir('upload', (path) => (root = path));
beforeEach(async () => {
  vm = fakeVm();
});

/** A service whose library holds etcd (imported from a folder) unless `empty`. */
async function service({ empty = false, course = testCourse() } = {}) {
  const log = eventLog();
  const svc = createArtifactService({
    course, dataDir: join(root, 'data'), events: log.events,
    resolve: testResolver(course),
    connection: async () => vm.conn,
    progressIntervalMs: 0,
  });
  if (!empty) {
    const folder = join(root, 'folder');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, ETCD), etcdBytes);
    await writeFile(join(folder, 'SHA256SUMS'), sums);
    await svc.importArtifacts(folder);
  }
  const uploads = () => log.progress('etcd').filter((p) => p.role === 'master');
  return { svc, log, uploads };
}

describe('uploadArtifacts', () => {
  it('puts the archive (through .part, verified on the VM) and its checksum file in place; the second time sends nothing', async () => {
    const { svc, log, uploads } = await service();
    await svc.uploadArtifacts('master');
    expect(vm.files.get(DEST)?.equals(etcdBytes)).toBe(true);
    expect(vm.files.get(`${DEST}.sha256`)?.toString()).toBe(sums);
    expect([...vm.files.keys()].filter((f) => f.endsWith('.part'))).toEqual([]);
    expect(vm.dirs.has('/root/binaries')).toBe(true);
    expect(vm.state.ended).toBe(true);
    const phases = uploads().map((p) => p.phase);
    expect(phases[0]).toBe('verify');
    expect(phases).toContain('upload');
    expect(uploads().at(-1)).toMatchObject({ phase: 'done', bytes: etcdBytes.length, total: etcdBytes.length, message: `${ETCD} and ${ETCD}.sha256 are on kube-master in /root/binaries` });
    expect(log.notices().filter((n) => n.startsWith('Not uploaded'))).toEqual([]);

    await svc.uploadArtifacts('master');
    expect(vm.state.puts).toBe(1);
    expect(uploads().at(-1)?.message).toBe(`${ETCD} is already on kube-master (same size and sha256): not uploaded again`);
  });

  it('writes only the checksum file when the VM has the archive already', async () => {
    const { svc, uploads } = await service();
    vm.dirs.add('/root/binaries');
    vm.files.set(DEST, Buffer.from(etcdBytes));
    await svc.uploadArtifacts('master');
    expect(vm.state.puts).toBe(0);
    expect(vm.files.get(`${DEST}.sha256`)?.toString()).toBe(sums);
    expect(uploads().at(-1)?.message).toBe(`${ETCD} was already on kube-master; its checksum file was written`);
  });

  it('removes an archive that arrived damaged and fails naming both digests', async () => {
    const { svc, uploads } = await service();
    vm.state.damage = true;
    await expect(svc.uploadArtifacts('master')).rejects.toThrow(/kube-master: etcd-v3\.5\.4-linux-amd64\.tar\.gz arrived damaged \(sha256 [0-9a-f]{64}, expected [0-9a-f]{64}\); it was removed/);
    expect([...vm.files.keys()]).toEqual([]);
    expect(uploads().at(-1)).toMatchObject({ phase: 'failed' });
    expect(vm.state.ended).toBe(true);
  });

  it('refuses before sending when the VM has too little space, and words SFTP errors', async () => {
    const { svc } = await service();
    vm.state.freeKb = 10;
    await expect(svc.uploadArtifacts('master')).rejects.toThrow(`kube-master: no space left on device while uploading ${ETCD} (it needs 97.7 KB; /root/binaries has 10.0 KB free)`);
    expect(vm.state.puts).toBe(0);
    vm.state.freeKb = 1_000_000;
    vm.state.putError = { code: 3, message: 'Permission denied' };
    await expect(svc.uploadArtifacts('master')).rejects.toThrow(`kube-master: permission denied while uploading ${ETCD} to /root/binaries`);
    vm.state.putError = { code: 7, message: 'Connection lost' };
    await expect(svc.uploadArtifacts('master')).rejects.toThrow(`kube-master: uploading ${ETCD} failed: connection lost (writing ${DEST}.part)`);
  });

  it('refuses an unknown role, a role the course puts nothing on, and a role whose archives are not here yet', async () => {
    const { svc } = await service({ empty: true, course: testCourse('https://example.invalid', testCourse().artifacts.slice(0, 1)) });
    await expect(svc.uploadArtifacts('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(svc.uploadArtifacts('worker')).rejects.toThrow('the course puts no archive on kube-worker');
    await expect(svc.uploadArtifacts('master')).rejects.toThrow(`none of the archives kube-master needs is on this computer yet (${ETCD})`);
  });
});
