// The contract over the browser host's real WebSocket server, and its access rules.
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Envelope } from '../common/rpc';
import { type RunningServer, startServer } from '../electron/server/server';
import { connectApi } from '../e2e/helpers/api-client';
import { contractSuite, makeCore } from './contract-suite';

async function staticDirs() {
  const root = await mkdtemp(join(tmpdir(), 'serve-'));
  await mkdir(join(root, 'renderer', 'assets'), { recursive: true });
  await mkdir(join(root, 'assets', 'diagrams'), { recursive: true });
  await writeFile(join(root, 'renderer', 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(join(root, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'diagrams', 'x.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(root, 'secret.txt'), 'do not serve');
  return { rendererDir: join(root, 'renderer'), assetsDir: join(root, 'assets') };
}

function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

contractSuite('WebSocket', async () => {
  const core = await makeCore();
  const server = await startServer({ api: core, events: core.events, ...(await staticDirs()) });
  const client = await connectApi(server.url);
  return {
    client,
    core,
    close: async () => {
      client.close();
      await server.close();
    },
  };
});

describe('browser host access', () => {
  let server: RunningServer;
  beforeAll(async () => {
    const core = await makeCore();
    server = await startServer({ api: core, events: core.events, ...(await staticDirs()) });
  });
  afterAll(() => server.close());

  function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path, headers: { host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('listens on 127.0.0.1 only and prints a URL with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses a request without the token with 401', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
  });

  it('trades the URL token for an HttpOnly SameSite cookie and drops it from the URL', async () => {
    const res = await get(`/?token=${server.token}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain(`tutor_token_${server.port}=${server.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await get('/', { cookie: `tutor_token_${server.port}=${server.token}` });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>app</title>');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
  });

  it('refuses a foreign Origin or Host with 403, even with the token', async () => {
    const cookie = `tutor_token_${server.port}=${server.token}`;
    expect((await get('/', { cookie, origin: 'http://evil.example' })).status).toBe(403);
    expect((await get('/', { cookie, host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await get('/', { cookie, host: 'localhost:1' })).status).toBe(403);
    expect((await get('/', { cookie, origin: `http://localhost:${server.port}` })).status).toBe(200);
  });

  it('serves course assets and nothing outside its folders', async () => {
    const cookie = `tutor_token_${server.port}=${server.token}`;
    const svg = await get('/course-assets/diagrams/x.svg', { cookie });
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect((await get('/course-assets/../secret.txt', { cookie })).status).toBe(404);
    expect((await get('/%2e%2e/secret.txt', { cookie })).status).toBe(404);
    expect((await get('/course-assets/%2e%2e/%2e%2e/secret.txt', { cookie })).status).toBe(404);
  });

  it('refuses sockets without the token (401) or from a foreign Origin (403)', async () => {
    await expect(openSocket(`ws://127.0.0.1:${server.port}/ws`)).rejects.toThrow('HTTP 401');
    await expect(openSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    const ok = await openSocket(`ws://127.0.0.1:${server.port}/ws`, { cookie: `tutor_token_${server.port}=${server.token}`, origin: `http://127.0.0.1:${server.port}` });
    ok.close();
  });

  it('closes a socket that sends garbage instead of crashing', async () => {
    const ws = await openSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json');
    expect(await closed).toBe(1003);
  });

  it('answers an unknown operation with UNKNOWN_OPERATION', async () => {
    const ws = await openSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    const reply = new Promise<Envelope>((resolve) => ws.once('message', (raw) => resolve(JSON.parse(raw.toString()).envelope)));
    ws.send(JSON.stringify({ type: 'call', id: 1, name: 'rm -rf', args: [] }));
    expect(await reply).toEqual({ ok: false, error: { code: 'UNKNOWN_OPERATION', message: expect.any(String) } });
    ws.close();
  });
});
