// Downloads through a real HTTPS server on 127.0.0.1 with a self-signed certificate made
// by openssl for this test: the same node:https code path as in the app, with the test's
// CA trusted. The server serves a redirect (like GitHub's release CDN), a stall and a 404.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArtifactService } from './artifact-service';
import { createHttpsFetch, type ArtifactFetch } from './https-fetch';
import { eventLog, testCourse, testResolver } from './test-support';

const ETCD = 'etcd-v3.5.4-linux-amd64.tar.gz';
const archive = randomBytes(3 * 1024 * 1024 + 17);
const sums = `${createHash('sha256').update(archive).digest('hex')}  ${ETCD}\n${createHash('sha256').update('x').digest('hex')}  etcd-v3.5.4-darwin-amd64.zip\n`;
let dir: string;
let server: Server;
let base: string;
let ca: Buffer;
let stopper: NodeJS.Timeout;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'artifacts-https-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  ca = await readFile(join(dir, 'cert.pem'));
  server = createServer({ key: await readFile(join(dir, 'key.pem')), cert: ca }, (req, res) => {
    const path = req.url ?? '';
    if (path === `/v3.5.4/${ETCD}`) {
      res.writeHead(302, { location: `/cdn/${ETCD}?token=abc` });
      res.end();
    } else if (path === `/cdn/${ETCD}?token=abc`) {
      res.writeHead(200, { 'content-length': archive.length, 'content-type': 'application/octet-stream' });
      // In pieces, so progress has something to report.
      let at = 0;
      const next = () => {
        if (at >= archive.length) return res.end();
        const chunk = archive.subarray(at, at + 256 * 1024);
        at += chunk.length;
        if (res.write(chunk)) setImmediate(next);
        else res.once('drain', next);
      };
      next();
    } else if (path === '/v3.5.4/SHA256SUMS') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(sums);
    } else if (path === '/stall') {
      res.writeHead(200, { 'content-length': 1000 });
      res.write('x'.repeat(10)); // then nothing
    } else {
      res.writeHead(404);
      res.end('Not Found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Stops by itself even if afterAll never runs.
  stopper = setTimeout(() => server.close(), 60_000);
  stopper.unref();
  server.unref();
});

afterAll(async () => {
  clearTimeout(stopper);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

function service(fetch: ArtifactFetch, dataDir: string) {
  const course = testCourse(base);
  const log = eventLog();
  const svc = createArtifactService({ course, dataDir, events: log.events, resolve: testResolver(course), connection: async () => { throw new Error('no VM'); }, fetch });
  return { svc, log };
}

describe('download over HTTPS', () => {
  it('follows the redirect, verifies against SHA256SUMS, reports throttled progress', async () => {
    const dataDir = join(dir, 'ok');
    const { svc, log } = service(createHttpsFetch({ ca }), dataDir);
    const [etcd] = await svc.downloadArtifacts(['etcd']);
    expect(etcd).toMatchObject({ id: 'etcd', cached: true, size: archive.length });
    expect((await readFile(join(dataDir, 'artifacts', ETCD))).equals(archive)).toBe(true); // (toEqual on MBs is slow)
    expect(await readFile(join(dataDir, 'artifacts', `${ETCD}.sha256`), 'utf8')).toBe(sums);
    const p = log.progress('etcd');
    expect(p.at(-1)).toMatchObject({ phase: 'done', bytes: archive.length, total: archive.length });
    const downloads = p.filter((e) => e.phase === 'download' && e.total === archive.length);
    expect(downloads.length).toBeGreaterThan(0);
    // ≤ 10 per second (plus the first) over the transfer's duration
    expect(downloads.length).toBeLessThanOrEqual(12);
    expect(await readdir(join(dataDir, 'artifacts'))).not.toContain(`${ETCD}.part`);
  });

  it('does not trust a certificate it was not told about', async () => {
    const { svc } = service(createHttpsFetch(), join(dir, 'untrusted'));
    const [etcd] = await svc.downloadArtifacts(['etcd']);
    expect(etcd!.cached).toBe(false);
    expect(etcd!.problem).toMatch(/self[- ]signed certificate/i);
  });

  it('a 404 and a stalled body give clear messages', async () => {
    const fetch = createHttpsFetch({ ca, idleTimeoutMs: 500 });
    const [, node] = await service(fetch, join(dir, 'missing')).svc.downloadArtifacts(['kubernetes-node']);
    expect(node!.problem).toBe(`${base}/v1.24.10/kubernetes-node-linux-amd64.tar.gz.sha512 answered HTTP 404 Not Found`);
    const res = await fetch(`${base}/stall`);
    await expect(async () => {
      for await (const chunk of res.body) void chunk;
    }).rejects.toThrow(/stalled: no data for 1 s|aborted/);
  });

  it('refuses plain http', async () => {
    await expect(createHttpsFetch()('http://127.0.0.1:1/x')).rejects.toThrow('refusing to download over http');
  });
});
