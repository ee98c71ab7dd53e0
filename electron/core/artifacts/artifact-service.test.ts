// The cache without a network: import from a folder (good, missing, mismatched), what
// counts as cached, atomic writes, and downloads through an injected fetch.
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArtifactService } from './artifact-service';
import type { ArtifactFetch } from './https-fetch';
import { eventLog, testCourse, testResolver } from './test-support';

const ETCD = 'etcd-v3.5.4-linux-amd64.tar.gz';
const NODE = 'kubernetes-node-linux-amd64.tar.gz';
const sha = (alg: 'sha256' | 'sha512', b: Buffer) => createHash(alg).update(b).digest('hex');

let root: string;
let dataDir: string;
let folder: string;
let overrides: Record<string, string>;
const etcdBytes = randomBytes(300_000);
const nodeBytes = randomBytes(200_000);

function service(fetch?: ArtifactFetch) {
  const course = testCourse();
  const log = eventLog();
  const svc = createArtifactService({
    course, dataDir, events: log.events,
    resolve: testResolver(course, () => overrides),
    connection: async () => { throw new Error('no VM in this test'); },
    ...(fetch ? { fetch } : {}),
  });
  return { svc, log };
}

const cacheFiles = async () => (await readdir(join(dataDir, 'artifacts')).catch(() => [] as string[])).sort();

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'artifacts-'));
  dataDir = join(root, 'data');
  folder = join(root, 'folder');
  await mkdir(folder, { recursive: true });
  overrides = {};
});
afterEach(async () => rm(root, { recursive: true, force: true }));

describe('importArtifacts', () => {
  it('takes verified archives from a folder, keeps the lesson-ready checksum files, says which are missing', async () => {
    const sums = `${sha('sha256', randomBytes(8))}  etcd-v3.5.4-darwin-amd64.zip\n${sha('sha256', etcdBytes)}  ${ETCD}\n`;
    await writeFile(join(folder, ETCD), etcdBytes);
    await writeFile(join(folder, 'SHA256SUMS'), sums);
    const { svc, log } = service();

    expect((await svc.listArtifacts()).map((a) => a.cached)).toEqual([false, false]);
    const result = await svc.importArtifacts(folder);
    const etcd = result.find((a) => a.id === 'etcd')!;
    const node = result.find((a) => a.id === 'kubernetes-node')!;
    expect(etcd).toMatchObject({ cached: true, size: etcdBytes.length, dest: `/root/binaries/${ETCD}`, url: `https://example.invalid/v3.5.4/${ETCD}` });
    expect(etcd.problem).toBeUndefined();
    expect(node).toMatchObject({ cached: false, problem: `not in the folder: ${NODE}` });
    expect(log.notices()).toEqual([`1 of 2 archives taken from ${folder}; not there: ${NODE}.`]);
    // The whole SUMS list, as the lesson's `sha256sum --ignore-missing -c F.sha256` expects.
    expect(await readFile(join(dataDir, 'artifacts', `${ETCD}.sha256`), 'utf8')).toBe(sums);
    expect((await readFile(join(dataDir, 'artifacts', ETCD))).equals(etcdBytes)).toBe(true);
    expect(await cacheFiles()).toEqual([ETCD, `${ETCD}.sha256`, `${ETCD}.source.json`]);
    expect(log.progress('etcd').at(-1)).toMatchObject({ phase: 'done', bytes: etcdBytes.length });

    // A second service (app restart) sees the same cache; importing again copies nothing.
    const again = service();
    expect((await again.svc.listArtifacts()).find((a) => a.id === 'etcd')).toMatchObject({ cached: true });
    await again.svc.importArtifacts(folder);
    expect(again.log.progress('etcd').map((p) => p.phase)).toEqual(['done']);
  });

  it('stores a bare digest for per-file checksum URLs even when the folder has a SUMS-style line', async () => {
    await writeFile(join(folder, NODE), nodeBytes);
    await writeFile(join(folder, `${NODE}.sha512`), `${sha('sha512', nodeBytes)}  ${NODE}\n`);
    const { svc } = service();
    const r = await svc.importArtifacts(folder);
    expect(r.find((a) => a.id === 'kubernetes-node')).toMatchObject({ cached: true });
    // The lesson runs: echo "$(cat F.sha512)  F" | sha512sum -c
    expect(await readFile(join(dataDir, 'artifacts', `${NODE}.sha512`), 'utf8')).toBe(`${sha('sha512', nodeBytes)}\n`);
  });

  it('refuses a mismatched archive: names expected and found digest, keeps nothing', async () => {
    const damaged = Buffer.from(etcdBytes);
    damaged[1000] = damaged[1000]! ^ 0xff;
    await writeFile(join(folder, ETCD), damaged);
    await writeFile(join(folder, `${ETCD}.sha256`), `${sha('sha256', etcdBytes)}\n`);
    const { svc, log } = service();
    const r = await svc.importArtifacts(folder);
    const etcd = r.find((a) => a.id === 'etcd')!;
    expect(etcd.cached).toBe(false);
    expect(etcd.problem).toContain(`says sha256 ${sha('sha256', etcdBytes)}`);
    expect(etcd.problem).toContain(`the file has ${sha('sha256', damaged)}`);
    expect(log.progress('etcd').at(-1)).toMatchObject({ phase: 'failed' });
    expect(await cacheFiles()).toEqual([]);
  });

  it('follows no symbolic link: a linked archive or checksum file is not taken', async () => {
    const elsewhere = join(root, 'elsewhere');
    await mkdir(elsewhere);
    await writeFile(join(elsewhere, ETCD), etcdBytes);
    await writeFile(join(elsewhere, 'SHA256SUMS'), `${sha('sha256', etcdBytes)}  ${ETCD}\n`);
    await writeFile(join(elsewhere, NODE), nodeBytes);
    await symlink(join(elsewhere, ETCD), join(folder, ETCD));
    await writeFile(join(folder, `${ETCD}.sha256`), `${sha('sha256', etcdBytes)}\n`);
    await writeFile(join(folder, NODE), nodeBytes);
    await symlink(join(elsewhere, 'SHA512SUMS'), join(folder, 'SHA512SUMS'));
    await writeFile(join(elsewhere, 'SHA512SUMS'), `${sha('sha512', nodeBytes)}  ${NODE}\n`);
    const { svc } = service();
    const r = await svc.importArtifacts(folder);
    expect(r.find((a) => a.id === 'etcd')).toMatchObject({ cached: false, problem: expect.stringContaining('is a symbolic link, which is not followed') });
    expect(r.find((a) => a.id === 'kubernetes-node')).toMatchObject({ cached: false, problem: expect.stringContaining('SHA512SUMS is a symbolic link, which is not followed') });
    expect(await cacheFiles()).toEqual([]);
  });

  it('keeps the cache closed to other users: folder 700 (also when it existed as 755), files 600', async () => {
    await mkdir(join(dataDir, 'artifacts'), { recursive: true, mode: 0o755 });
    await chmod(join(dataDir, 'artifacts'), 0o755);
    await writeFile(join(folder, ETCD), etcdBytes);
    await writeFile(join(folder, `${ETCD}.sha256`), `${sha('sha256', etcdBytes)}\n`);
    const { svc } = service();
    await svc.importArtifacts(folder);
    expect((await stat(join(dataDir, 'artifacts'))).mode & 0o777).toBe(0o700);
    const files = await cacheFiles();
    expect(files).toEqual([ETCD, `${ETCD}.sha256`, `${ETCD}.source.json`]);
    for (const f of files) expect((await stat(join(dataDir, 'artifacts', f))).mode & 0o777).toBe(0o600);
  });

  it('an archive without any checksum file is not taken', async () => {
    await writeFile(join(folder, ETCD), etcdBytes);
    const { svc } = service();
    const etcd = (await svc.importArtifacts(folder)).find((a) => a.id === 'etcd')!;
    expect(etcd.cached).toBe(false);
    expect(etcd.problem).toContain(`put ${ETCD}.sha256 or SHA256SUMS next to it`);
  });

  it('needs an existing folder given by its full path', async () => {
    const { svc } = service();
    await expect(svc.importArtifacts('Downloads')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(svc.importArtifacts(join(root, 'nope'))).rejects.toThrow(/there is no folder/);
  });
});

describe('what counts as cached', () => {
  async function importEtcd() {
    await writeFile(join(folder, ETCD), etcdBytes);
    await writeFile(join(folder, 'SHA256SUMS'), `${sha('sha256', etcdBytes)}  ${ETCD}\n`);
    const s = service();
    await s.svc.importArtifacts(folder);
    return s;
  }

  it('a changed archive in the cache is no longer cached (its digest is checked, not just its presence)', async () => {
    const { svc } = await importEtcd();
    await writeFile(join(dataDir, 'artifacts', ETCD), Buffer.concat([etcdBytes, Buffer.from('x')]));
    const etcd = (await svc.listArtifacts()).find((a) => a.id === 'etcd')!;
    expect(etcd.cached).toBe(false);
    expect(etcd.problem).toMatch(/does not match its published checksum/);
  });

  it('leftovers of an interrupted write (.part, archive without its source record) do not count', async () => {
    await mkdir(join(dataDir, 'artifacts'), { recursive: true });
    await writeFile(join(dataDir, 'artifacts', `${ETCD}.part`), etcdBytes.subarray(0, 1000));
    const { svc } = service();
    expect((await svc.listArtifacts())[0]!.cached).toBe(false);
    await writeFile(join(dataDir, 'artifacts', ETCD), etcdBytes);
    await writeFile(join(dataDir, 'artifacts', `${ETCD}.sha256`), `${sha('sha256', etcdBytes)}  ${ETCD}\n`);
    expect((await svc.listArtifacts())[0]!.cached).toBe(false);
  });

  it('another version (settings override) is another archive; a missing version names the variable', async () => {
    const { svc } = await importEtcd();
    overrides = { 'versions.etcd': '3.4.23' };
    const etcd = (await svc.listArtifacts())[0]!;
    expect(etcd).toMatchObject({ cached: false, dest: '/root/binaries/etcd-v3.4.23-linux-amd64.tar.gz' });
    overrides = { 'versions.etcd': 'not a version!' };
    const broken = (await svc.listArtifacts())[0]!;
    expect(broken.cached).toBe(false);
    expect(broken.problem).toContain('{{versions.etcd}}');
    expect(broken.dest).toBe('/root/binaries/etcd-v{{versions.etcd}}-linux-{{arch}}.tar.gz');
  });

  it('a cached archive whose source record names another URL (same file name, other version) is not cached', async () => {
    await writeFile(join(folder, NODE), nodeBytes);
    await writeFile(join(folder, `${NODE}.sha512`), sha('sha512', nodeBytes));
    const { svc } = service();
    await svc.importArtifacts(folder);
    expect((await svc.listArtifacts())[1]!.cached).toBe(true);
    overrides = { 'versions.kubernetes': '1.24.11' };
    const node = (await svc.listArtifacts())[1]!;
    expect(node.cached).toBe(false);
    expect(node.problem).toContain('another version');
  });
});

describe('downloadArtifacts (injected fetch)', () => {
  const fetchFrom = (files: Record<string, Buffer | (() => Readable)>): ArtifactFetch => async (url) => {
    const f = files[url];
    if (!f) throw new Error(`${url} answered HTTP 404 Not Found`);
    if (typeof f === 'function') return { body: f(), headers: {}, url };
    return { body: Readable.from([f.subarray(0, f.length >> 1), f.subarray(f.length >> 1)]), headers: { 'content-length': String(f.length) }, url };
  };
  const base = 'https://example.invalid';

  it('downloads, verifies and stores exactly what the checksum URL serves', async () => {
    const sums = Buffer.from(`${sha('sha256', etcdBytes)}  ${ETCD}\n${sha('sha256', nodeBytes)}  other\n`);
    const { svc, log } = service(fetchFrom({ [`${base}/v3.5.4/${ETCD}`]: etcdBytes, [`${base}/v3.5.4/SHA256SUMS`]: sums }));
    const r = await svc.downloadArtifacts(['etcd']);
    expect(r[0]).toMatchObject({ id: 'etcd', cached: true, size: etcdBytes.length });
    expect(await readFile(join(dataDir, 'artifacts', `${ETCD}.sha256`))).toEqual(sums);
    const phases = log.progress('etcd').map((p) => p.phase);
    expect(phases[0]).toBe('download');
    expect(phases.at(-1)).toBe('done');
    expect(log.progress('etcd').find((p) => p.total)?.total).toBe(etcdBytes.length);
  });

  it('a mismatch deletes the .part and fails naming expected and found digest; other artifacts go on', async () => {
    const wrong = sha('sha256', Buffer.from('something else'));
    const { svc, log } = service(fetchFrom({
      [`${base}/v3.5.4/${ETCD}`]: etcdBytes,
      [`${base}/v3.5.4/SHA256SUMS`]: Buffer.from(`${wrong}  ${ETCD}\n`),
      [`${base}/v1.24.10/${NODE}`]: nodeBytes,
      [`${base}/v1.24.10/${NODE}.sha512`]: Buffer.from(sha('sha512', nodeBytes)),
    }));
    const r = await svc.downloadArtifacts();
    expect(r[0]!.cached).toBe(false);
    expect(r[0]!.problem).toContain(`${base}/v3.5.4/SHA256SUMS says sha256 ${wrong}, the file has ${sha('sha256', etcdBytes)}`);
    expect(r[1]!.cached).toBe(true);
    expect(log.progress('etcd').at(-1)).toMatchObject({ phase: 'failed' });
    expect(await cacheFiles()).toEqual([NODE, `${NODE}.sha512`, `${NODE}.source.json`]);
    // The failure stays visible in the list until a later success.
    expect((await svc.listArtifacts())[0]!.problem).toContain('does not match');
  });

  it('a connection dropped mid-body leaves no .part and no archive', async () => {
    const dropping = () => {
      let sent = false;
      return new Readable({
        read() {
          if (!sent) {
            sent = true;
            this.push(etcdBytes.subarray(0, 5000));
          } else this.destroy(new Error('socket hang up'));
        },
      });
    };
    const { svc } = service(fetchFrom({ [`${base}/v3.5.4/${ETCD}`]: dropping, [`${base}/v3.5.4/SHA256SUMS`]: Buffer.from(`${sha('sha256', etcdBytes)}  ${ETCD}\n`) }));
    const r = await svc.downloadArtifacts(['etcd']);
    expect(r[0]!.problem).toBe(`downloading ${ETCD} failed: socket hang up`);
    expect(await cacheFiles()).toEqual([]);
  });

  it('a checksum list that does not name the archive stops before downloading it', async () => {
    let archiveFetched = false;
    const { svc } = service(async (url) => {
      if (url.endsWith('SHA256SUMS')) return { body: Readable.from([Buffer.from(`${sha('sha256', etcdBytes)}  etcd-v3.5.4-linux-arm64.tar.gz\n`)]), headers: {}, url };
      archiveFetched = true;
      throw new Error('not reached');
    });
    const r = await svc.downloadArtifacts(['etcd']);
    expect(r[0]!.problem).toBe(`cannot verify ${ETCD}: ${base}/v3.5.4/SHA256SUMS does not list ${ETCD}`);
    expect(archiveFetched).toBe(false);
  });

  it('unknown ids are refused', async () => {
    const { svc } = service();
    await expect(svc.downloadArtifacts(['nope'])).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
