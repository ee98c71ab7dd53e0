// Archives per VM architecture (a mixed amd64/arm64 pair) and the digests course.yaml pins
// for the pinned version: used instead of any checksum file while the version keeps its
// pinned value, the checksum file again under an override; the status says which.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostSummary } from '../../../common/api';
import type { Artifact } from '../../../common/course';
import { createArtifactService } from './artifact-service';
import type { ArtifactFetch } from './https-fetch';
import { eventLog, fakeVm, testCourse, testHosts, testResolver } from './test-support';

const base = 'https://example.invalid';
const sha = (alg: 'sha256' | 'sha512', b: Buffer) => createHash(alg).update(b).digest('hex');
const amdBytes = randomBytes(120_000);
const armBytes = randomBytes(110_000);
const AMD = 'kubernetes-node-linux-amd64.tar.gz';
const ARM = 'kubernetes-node-linux-arm64.tar.gz';

/** kubernetes-node for both roles (a course could put one archive on two VMs), pinned for 1.24.10. */
const node: Artifact = {
  id: 'kubernetes-node', title: 'Kubernetes node binaries', hosts: ['master', 'worker'],
  url: `${base}/v{{versions.kubernetes}}/kubernetes-node-linux-{{arch}}.tar.gz`,
  checksumUrl: `${base}/v{{versions.kubernetes}}/kubernetes-node-linux-{{arch}}.tar.gz.sha512`,
  algorithm: 'sha512',
  dest: '/root/binaries/kubernetes-node-linux-{{arch}}.tar.gz',
  pinned: { version: 'kubernetes', digests: { amd64: sha('sha512', amdBytes), arm64: sha('sha512', armBytes) } },
};

let root: string;
let dataDir: string;
let folder: string;
let overrides: Record<string, string>;
let hosts: HostSummary[];

function service(fetch?: ArtifactFetch) {
  const course = testCourse(base, [node]);
  const log = eventLog();
  const vm = fakeVm();
  const svc = createArtifactService({
    course, dataDir, events: log.events,
    resolve: testResolver(course, () => overrides, () => hosts),
    connection: async () => vm.conn,
    ...(fetch ? { fetch } : {}),
  });
  return { svc, log, vm };
}

const fetchFrom = (files: Record<string, Buffer>, asked: string[] = []): ArtifactFetch => async (url) => {
  asked.push(url);
  const f = files[url];
  if (!f) throw new Error(`${url} answered HTTP 404 Not Found`);
  return { body: Readable.from([f]), headers: { 'content-length': String(f.length) }, url };
};

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'artifacts-arch-'));
  dataDir = join(root, 'data');
  folder = join(root, 'folder');
  await mkdir(folder, { recursive: true });
  overrides = {};
  hosts = testHosts({ master: 'amd64', worker: 'arm64' });
});
afterEach(async () => rm(root, { recursive: true, force: true }));

describe('archives per architecture', () => {
  it('a mixed pair needs two files: one row per architecture, each for its own VM, checked against the pinned digest', async () => {
    const { svc } = service();
    const rows = await svc.listArtifacts();
    expect(rows.map((r) => [r.arch, r.hosts, r.dest])).toEqual([
      ['amd64', ['master'], `/root/binaries/${AMD}`],
      ['arm64', ['worker'], `/root/binaries/${ARM}`],
    ]);
    expect(rows.map((r) => r.digestSource)).toEqual([
      { kind: 'pinned', algorithm: 'sha512', version: '1.24.10' },
      { kind: 'pinned', algorithm: 'sha512', version: '1.24.10' },
    ]);
  });

  it('two VMs of one architecture share one file', async () => {
    hosts = testHosts({ master: 'arm64', worker: 'arm64' });
    const rows = await (service()).svc.listArtifacts();
    expect(rows.map((r) => [r.arch, r.hosts, r.url])).toEqual([['arm64', ['master', 'worker'], `${base}/v1.24.10/${ARM}`]]);
  });

  it('a VM whose architecture is not read yet gets a row that says to test the connection', async () => {
    hosts = testHosts({ master: 'amd64', worker: undefined });
    const rows = await (service()).svc.listArtifacts();
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ hosts: ['worker'], cached: false, problem: expect.stringContaining('{{worker.arch}} not read yet: press Test connection for kube-worker in Hosts') });
  });

  it('uploads each VM its own architecture\'s archive', async () => {
    await writeFile(join(folder, AMD), amdBytes);
    await writeFile(join(folder, ARM), armBytes);
    const { svc, vm } = service();
    await svc.importArtifacts(folder);
    await svc.uploadArtifacts('worker');
    expect([...vm.files.keys()].sort()).toEqual([`/root/binaries/${ARM}`, `/root/binaries/${ARM}.sha512`]);
    expect(vm.files.get(`/root/binaries/${ARM}`)!.equals(armBytes)).toBe(true);
    expect(vm.files.get(`/root/binaries/${ARM}.sha512`)!.toString()).toBe(`${sha('sha512', armBytes)}\n`);
  });
});

describe('pinned digests', () => {
  it('download: no checksum file is fetched while the version is the pinned one; the kept checksum file is the pinned digest', async () => {
    const asked: string[] = [];
    const { svc } = service(fetchFrom({ [`${base}/v1.24.10/${AMD}`]: amdBytes, [`${base}/v1.24.10/${ARM}`]: armBytes }, asked));
    const rows = await svc.downloadArtifacts();
    expect(rows.map((r) => r.cached)).toEqual([true, true]);
    expect(asked).toEqual([`${base}/v1.24.10/${AMD}`, `${base}/v1.24.10/${ARM}`]);
    expect(await readFile(join(dataDir, 'artifacts', `${ARM}.sha512`), 'utf8')).toBe(`${sha('sha512', armBytes)}\n`);
  });

  it('download: an archive that differs from the pinned digest is refused even when the server\'s checksum file agrees with it', async () => {
    const other = randomBytes(1000);
    const { svc } = service(fetchFrom({
      [`${base}/v1.24.10/${AMD}`]: other, [`${base}/v1.24.10/${AMD}.sha512`]: Buffer.from(sha('sha512', other)),
      [`${base}/v1.24.10/${ARM}`]: armBytes,
    }));
    const [amd, arm] = await svc.downloadArtifacts();
    expect(amd).toMatchObject({ cached: false, problem: expect.stringContaining(`course.yaml (the digest published for v1.24.10) says sha512 ${sha('sha512', amdBytes)}, the file has ${sha('sha512', other)}`) });
    expect(arm!.cached).toBe(true);
    expect((await readdir(join(dataDir, 'artifacts'))).filter((f) => f.startsWith(AMD))).toEqual([]);
  });

  it('import: the pinned digest decides, a checksum file in the folder is neither needed nor trusted', async () => {
    const fake = randomBytes(1000);
    await writeFile(join(folder, AMD), amdBytes); // no checksum file beside it: not needed
    await writeFile(join(folder, ARM), fake);
    await writeFile(join(folder, `${ARM}.sha512`), sha('sha512', fake)); // agrees with the fake, not with the pin
    const { svc } = service();
    const [amd, arm] = await svc.importArtifacts(folder);
    expect(amd).toMatchObject({ cached: true, digestSource: { kind: 'pinned' } });
    expect(arm).toMatchObject({ cached: false, problem: expect.stringContaining(`says sha512 ${sha('sha512', armBytes)}, the file has ${sha('sha512', fake)}`) });
    expect(await readFile(join(dataDir, 'artifacts', `${AMD}.sha512`), 'utf8')).toBe(`${sha('sha512', amdBytes)}\n`);
  });

  it('another version (an override, like the lab\'s stand-ins) goes back to the folder\'s checksum file, and the status says so', async () => {
    overrides = { 'versions.kubernetes': '1.24.10-lab' };
    const standIn = randomBytes(1000);
    await writeFile(join(folder, AMD), standIn);
    await writeFile(join(folder, `${AMD}.sha512`), sha('sha512', standIn));
    hosts = testHosts({ master: 'amd64', worker: 'amd64' });
    const { svc } = service();
    const [row] = await svc.importArtifacts(folder);
    expect(row).toMatchObject({
      cached: true,
      digestSource: { kind: 'checksum-file', algorithm: 'sha512', url: `${base}/v1.24.10-lab/${AMD}.sha512`, instead: '1.24.10' },
    });
    // Back at the pinned version, that file is another URL, so it does not count.
    overrides = {};
    expect((await svc.listArtifacts())[0]).toMatchObject({ cached: false, digestSource: { kind: 'pinned' } });
  });

  it('a cached archive whose kept checksum file disagrees with the pin is not cached', async () => {
    await writeFile(join(folder, AMD), amdBytes);
    hosts = testHosts({ master: 'amd64', worker: 'amd64' });
    const { svc } = service();
    expect((await svc.importArtifacts(folder))[0]!.cached).toBe(true);
    await writeFile(join(dataDir, 'artifacts', `${AMD}.sha512`), `${sha('sha512', Buffer.from('x'))}\n`);
    expect((await svc.listArtifacts())[0]).toMatchObject({ cached: false, problem: expect.stringContaining('not the one course.yaml') });
  });
});
