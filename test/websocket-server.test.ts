// The contract over the browser host's real WebSocket server, its access rules (one-use
// token traded for a session), and what no client may do to it: crash it with one frame,
// or grow it without bound by not reading.
import { mkdtemp, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Api, ViewerApi } from '../common/api';
import type { Envelope } from '../common/rpc';
import { decodeTerminalFrame } from '../common/terminal-frames';
import { EventBus, TerminalOutput } from '../electron/core';
import { type RunningServer, startServer } from '../electron/server/server';
import { SESSIONS_FILE } from '../electron/server/browser-sessions';
import { type BrowserSession, connectApi, signIn } from '../e2e/helpers/api-client';
import { contractSuite, makeCore } from './contract-suite';

async function staticDirs() {
  const root = await mkdtemp(join(tmpdir(), 'serve-'));
  await mkdir(join(root, 'renderer', 'assets'), { recursive: true });
  await mkdir(join(root, 'assets', 'diagrams'), { recursive: true });
  await writeFile(join(root, 'renderer', 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(join(root, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(root, 'renderer', 'assets', 'index-B9U61VEI.js'), 'console.log(2)');
  await writeFile(join(root, 'assets', 'diagrams', 'x.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(root, 'secret.txt'), 'do not serve');
  return { rendererDir: join(root, 'renderer'), assetsDir: join(root, 'assets') };
}

/** A browser host that closes a socket once 8 MB of its answers and events are unread. */
async function serverClosingAt8MB() {
  const events = new EventBus();
  const server = await startServer({ api: await makeCore(), events, limits: { sendMaxBytes: 8 * 2 ** 20, sendHighBytes: 2 ** 20 }, ...(await staticDirs()) });
  return { events, server };
}

function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const cookieHeader = (session: BrowserSession) => ({ cookie: `${session.cookie.name}=${session.cookie.value}` });
const socketOf = (server: RunningServer, session: BrowserSession) => openSocket(`ws://127.0.0.1:${server.port}/ws`, cookieHeader(session));

/** One call over a raw socket; resolves to the answer with that id. */
function rawCall(ws: WebSocket, frame: string, id: number): Promise<Envelope> {
  return new Promise((resolve) => {
    const onMessage = (raw: WebSocket.RawData) => {
      const msg = JSON.parse(raw.toString()) as { type: string; id?: number; envelope?: Envelope };
      if (msg.type === 'result' && msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg.envelope!);
      }
    };
    ws.on('message', onMessage);
    ws.send(frame);
  });
}

contractSuite('WebSocket', async () => {
  const core = await makeCore();
  const server = await startServer({ api: core, events: core.events, ...(await staticDirs()) });
  const client = await connectApi(await signIn(server.url));
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
  let session: BrowserSession;
  let sessionsDir: string;
  beforeAll(async () => {
    const core = await makeCore();
    sessionsDir = await mkdtemp(join(tmpdir(), 'sessions-'));
    server = await startServer({ api: core, events: core.events, sessionsDir, ...(await staticDirs()) });
    session = await signIn(server.url);
  });
  afterAll(() => server.close());

  it('listens on 127.0.0.1 only and prints a URL with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses a request without a session with 401', async () => {
    expect((await get(server.port, '/')).status).toBe(401);
    expect((await get(server.port, '/assets/app.js')).status).toBe(401);
    expect((await get(server.port, '/?token=wrong')).status).toBe(401);
    expect((await get(server.port, '/', { cookie: `${server.cookieName}=${server.token}` })).status).toBe(401);
  });

  it('traded the token once for an HttpOnly SameSite session cookie; the token opens nothing afterwards', async () => {
    expect(session.cookie.name).toBe(`tutor_session_${server.port}`);
    expect(session.cookie.value).not.toBe(server.token);
    const again = await get(server.port, `/?token=${server.token}`);
    expect(again.status).toBe(401);
    expect(again.body).toContain('already used');
    expect(again.headers['set-cookie']).toBeUndefined();
    const page = await get(server.port, '/', cookieHeader(session));
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>app</title>');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    // A signed-in page that still has the (spent) token in its URL is sent to the bare path.
    const stale = await get(server.port, `/?token=${server.token}`, cookieHeader(session));
    expect(stale.status).toBe(303);
    expect(stale.headers.location).toBe('/');
  });

  it('sets the cookie HttpOnly, SameSite=Strict, and drops the token from the URL', async () => {
    const core = await makeCore();
    const other = await startServer({ api: core, events: core.events, ...(await staticDirs()) });
    try {
      const res = await get(other.port, `/?token=${other.token}`);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/');
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(new RegExp(`^tutor_session_${other.port}=[\\w-]{40,};`));
      expect(cookie).not.toContain(other.token);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
    } finally {
      await other.close();
    }
  });

  it('keeps only a hash of the session, in a 600 file, and a restart with the same data dir accepts it', async () => {
    const file = join(sessionsDir, SESSIONS_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(session.cookie.value);
    expect(text).not.toContain(server.token);
    const core = await makeCore();
    const restarted = await startServer({ api: core, events: core.events, sessionsDir, ...(await staticDirs()) });
    const elsewhere = await startServer({ api: core, events: core.events, sessionsDir: await mkdtemp(join(tmpdir(), 'sessions-')), ...(await staticDirs()) });
    try {
      const as = (port: number) => ({ cookie: `tutor_session_${port}=${session.cookie.value}` });
      expect((await get(restarted.port, '/', as(restarted.port))).status).toBe(200);
      expect((await get(elsewhere.port, '/', as(elsewhere.port))).status).toBe(401);
    } finally {
      await restarted.close();
      await elsewhere.close();
    }
  });

  it('refuses a foreign Origin or Host with 403, even with the session', async () => {
    const cookie = cookieHeader(session).cookie;
    expect((await get(server.port, '/', { cookie, origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(server.port, '/', { cookie, host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await get(server.port, '/', { cookie, host: 'localhost:1' })).status).toBe(403);
    expect((await get(server.port, '/', { cookie, origin: `http://localhost:${server.port}` })).status).toBe(200);
  });

  it('serves course assets and nothing outside its folders', async () => {
    const cookie = cookieHeader(session).cookie;
    const svg = await get(server.port, '/course-assets/diagrams/x.svg', { cookie });
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect((await get(server.port, '/course-assets/../secret.txt', { cookie })).status).toBe(404);
    expect((await get(server.port, '/%2e%2e/secret.txt', { cookie })).status).toBe(404);
    expect((await get(server.port, '/course-assets/%2e%2e/%2e%2e/secret.txt', { cookie })).status).toBe(404);
  });

  it("lets the browser cache the renderer's content-hashed files, and nothing else", async () => {
    const cookie = cookieHeader(session).cookie;
    const hashed = await get(server.port, '/assets/index-B9U61VEI.js', { cookie });
    expect(hashed.status).toBe(200);
    expect(hashed.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    for (const path of ['/', '/index.html', '/assets/app.js', '/course-assets/diagrams/x.svg']) {
      const res = await get(server.port, path, { cookie });
      expect(res.status, path).toBe(200);
      expect(res.headers['cache-control'], path).toBe('no-store');
    }
    expect((await get(server.port, '/assets/index-B9U61VEI.js')).status).toBe(401);
  });

  it('refuses sockets without a session (401, the URL token included) or from a foreign Origin (403)', async () => {
    await expect(openSocket(`ws://127.0.0.1:${server.port}/ws`)).rejects.toThrow('HTTP 401');
    await expect(openSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`)).rejects.toThrow('HTTP 401');
    await expect(openSocket(`ws://127.0.0.1:${server.port}/ws`, { ...cookieHeader(session), origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    const ok = await openSocket(`ws://127.0.0.1:${server.port}/ws`, { ...cookieHeader(session), origin: `http://127.0.0.1:${server.port}` });
    ok.close();
  });
});

describe('the start signal for core', () => {
  it('fires once, when the first of the renderer\'s scripts has been sent (not for the page or an asset)', async () => {
    const core = await makeCore();
    let sent = 0;
    const server = await startServer({ api: core, events: core.events, ...(await staticDirs()), onScriptSent: () => sent++ });
    try {
      const cookie = cookieHeader(await signIn(server.url)).cookie;
      expect((await get(server.port, '/', { cookie })).status).toBe(200);
      expect((await get(server.port, '/course-assets/diagrams/x.svg', { cookie })).status).toBe(200);
      expect((await get(server.port, '/assets/missing.js', { cookie })).status).toBe(404);
      expect(sent).toBe(0);
      expect((await get(server.port, '/assets/app.js', { cookie })).status).toBe(200);
      expect(sent).toBe(1);
      expect((await get(server.port, '/assets/index-B9U61VEI.js', { cookie })).status).toBe(200);
      expect(sent).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe('frames that used to end the process', () => {
  let server: RunningServer;
  let session: BrowserSession;
  beforeAll(async () => {
    const core = await makeCore();
    server = await startServer({ api: core, events: core.events, ...(await staticDirs()) });
    session = await signIn(server.url);
  });
  afterAll(() => server.close());

  /** After each frame: the server still answers a well-behaved client. */
  async function stillServes(): Promise<void> {
    const ws = await socketOf(server, session);
    expect(await rawCall(ws, JSON.stringify({ type: 'call', id: 7, name: 'listTerminals', args: [] }), 7)).toEqual({ ok: true, result: [] });
    ws.close();
  }

  it('`null`, an array, a number: closed with 1003 and a reason', async () => {
    for (const frame of ['null', '[1,2]', '42', '"call"', 'not json']) {
      const ws = await socketOf(server, session);
      const closed = closeOf(ws);
      ws.send(frame);
      const { code, reason } = await closed;
      expect(code).toBe(1003);
      expect(reason).not.toBe('');
    }
    await stillServes();
  });

  it('a frame with a numeric id but a wrong shape gets an error envelope, and the socket stays open', async () => {
    const ws = await socketOf(server, session);
    const wrong = [
      { id: 1 },
      { type: 'cal', id: 2, name: 'getCourse', args: [] },
      { type: 'call', id: 3, name: 5, args: [] },
      { type: 'call', id: 4, name: 'getCourse', args: { length: 0 } },
      { type: 'call', id: 5, name: '__proto__', args: [] },
      { type: 'call', id: 6, name: 'completeLesson', args: [{ __proto__: { x: 1 } }] },
    ];
    for (const frame of wrong) {
      const envelope = await rawCall(ws, JSON.stringify(frame), frame.id);
      expect(envelope.ok).toBe(false);
      if (!envelope.ok) expect(['INVALID_ARGUMENT', 'UNKNOWN_OPERATION']).toContain(envelope.error.code);
    }
    expect(ws.readyState).toBe(WebSocket.OPEN);
    expect(await rawCall(ws, JSON.stringify({ type: 'call', id: 9, name: 'listTerminals', args: [] }), 9)).toEqual({ ok: true, result: [] });
    ws.close();
  });

  it('a binary frame: closed with 1003 and a reason', async () => {
    const ws = await socketOf(server, session);
    const closed = closeOf(ws);
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await closed).toEqual({ code: 1003, reason: expect.stringContaining('binary') });
    await stillServes();
  });

  it('broken UTF-8: closed with 1007 and a reason', async () => {
    const ws = await socketOf(server, session);
    const closed = closeOf(ws);
    ws.send(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), { binary: false });
    expect(await closed).toEqual({ code: 1007, reason: expect.stringContaining('UTF-8') });
    await stillServes();
  });

  it('a frame over the size limit (3 MB and 50 MB): closed with 1009 and a reason', async () => {
    for (const size of [3 * 2 ** 20, 50 * 2 ** 20]) {
      const ws = await socketOf(server, session);
      ws.on('error', () => {}); // the client may see its write cut short
      const closed = closeOf(ws);
      ws.send(`"${'x'.repeat(size)}"`);
      expect(await closed).toEqual({ code: 1009, reason: expect.stringContaining('too large') });
    }
    await stillServes();
  });

  it('an unmasked frame from a client: closed with 1002 and a reason', async () => {
    const ws = await socketOf(server, session);
    ws.on('error', () => {});
    const closed = closeOf(ws);
    ws.send('{"type":"call","id":1,"name":"getCourse","args":[]}', { mask: false });
    expect(await closed).toEqual({ code: 1002, reason: expect.stringContaining('protocol error') });
    await stillServes();
  });
});

/**
 * A stand-in for core whose getCourse waits until the test lets it answer, to count the
 * calls running at once (core's own operations answer too fast to hold any in flight).
 */
function heldApi() {
  const waiting: Array<() => void> = [];
  let running = 0;
  let most = 0;
  const gone: string[] = [];
  const api = {
    getCourse: () =>
      new Promise((resolve) => {
        running++;
        most = Math.max(most, running);
        waiting.push(() => {
          running--;
          resolve({ course: null, problems: [] });
        });
      }),
  } as unknown as Api;
  const viewers: ViewerApi = { forViewer: () => api, viewerGone: (v) => gone.push(v) };
  return { viewers, waiting, gone, most: () => most };
}

describe('an answer that cannot be written', () => {
  it('gets an INTERNAL error envelope, and the socket and the server carry on', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    // A stand-in for core returning what JSON cannot hold (core's own results always can).
    const api = { listHosts: async () => cyclic, getProgress: async () => ({ big: 1n }), listTerminals: async () => [] } as unknown as Api;
    const server = await startServer({ api: { forViewer: () => api, viewerGone: () => {} }, events: new EventBus(), ...(await staticDirs()) });
    try {
      const ws = await socketOf(server, await signIn(server.url));
      expect(await rawCall(ws, JSON.stringify({ type: 'call', id: 1, name: 'listHosts', args: [] }), 1)).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'listHosts: the result could not be sent' } });
      expect(await rawCall(ws, JSON.stringify({ type: 'call', id: 2, name: 'getProgress', args: [] }), 2)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      expect(await rawCall(ws, JSON.stringify({ type: 'call', id: 3, name: 'listTerminals', args: [] }), 3)).toEqual({ ok: true, result: [] });
      ws.close();
    } finally {
      await server.close();
    }
  });
});

describe('what one client may cost', () => {
  it('runs at most 16 calls of a socket at once; the rest wait, unread, and are all answered', async () => {
    const held = heldApi();
    const server = await startServer({ api: held.viewers, events: new EventBus(), ...(await staticDirs()) });
    try {
      const ws = await socketOf(server, await signIn(server.url));
      const answers: number[] = [];
      ws.on('message', (raw) => answers.push((JSON.parse(raw.toString()) as { id: number }).id));
      for (let id = 1; id <= 50; id++) ws.send(JSON.stringify({ type: 'call', id, name: 'getCourse', args: [] }));
      await expect.poll(() => held.waiting.length).toBe(16);
      // Released one by one, the next ones start; never more than 16 at once.
      while (answers.length < 50) {
        await expect.poll(() => held.waiting.length).toBeGreaterThan(0);
        held.waiting.shift()!();
        await new Promise((r) => setTimeout(r, 1));
      }
      expect(held.most()).toBe(16);
      expect(answers.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      ws.close();
      await expect.poll(() => held.gone.length).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('closes a socket that does not read, with 1008 and a reason, once its unread answers and events pass the limit', async () => {
    const { events, server } = await serverClosingAt8MB();
    try {
      const session = await signIn(server.url);
      const reader = await connectApi(session);
      const idle = await socketOf(server, session);
      idle.pause(); // reads nothing from now on
      const closed = closeOf(idle);
      const big = 'n'.repeat(256 * 1024);
      // 30 MB of events (a terminal flood would send as much): the kernel's buffers fill,
      // then the server's count passes 8 MB. (The paused client sees the close only once it reads.)
      for (let i = 0; i < 120; i++) {
        events.emit('notice', { level: 'info', message: big });
        await new Promise((r) => setImmediate(r));
      }
      idle.resume();
      const { code, reason } = await closed;
      expect(code).toBe(1008);
      expect(reason).toBe('too slow: 8 MB of answers and events unread');
      // The client that reads is unaffected.
      expect(await reader.listTerminals()).toEqual([]);
      reader.close();
    } finally {
      await server.close();
    }
  });

  it('closes a socket that stays behind longer than the grace period, with 1008 and a reason', async () => {
    const events = new EventBus();
    const core = await makeCore();
    const server = await startServer({ api: core, events, limits: { sendHighBytes: 64 * 1024, slowMs: 300 }, ...(await staticDirs()) });
    try {
      const idle = await socketOf(server, await signIn(server.url));
      idle.pause();
      const closed = closeOf(idle);
      // About 12 MB, more than loopback's socket buffers hold, and then nothing more.
      for (let i = 0; i < 48; i++) events.emit('notice', { level: 'info', message: 'w'.repeat(256 * 1024) });
      // Behind for longer than slowMs (its timer, set earlier and shorter, fires first).
      await new Promise((r) => setTimeout(r, 600));
      idle.resume();
      const { code, reason } = await closed;
      expect(code).toBe(1008);
      expect(reason).toMatch(/too slow: .* for 0\.3 s/);
    } finally {
      await server.close();
    }
  });
});

describe('terminal output over the socket', () => {
  it('goes as binary frames of its bytes (UTF-8 untouched), other events as JSON text, each to its audience', async () => {
    const events = new EventBus();
    const core = await makeCore();
    const server = await startServer({ api: core, events, ...(await staticDirs()) });
    try {
      const session = await signIn(server.url);
      const raw = await socketOf(server, session);
      const frames: Array<{ binary: boolean; data: Buffer }> = [];
      raw.on('message', (data, binary) => frames.push({ binary, data: data as Buffer }));
      const client = await connectApi(session);
      const got: Array<{ terminalId: string; data: Uint8Array }> = [];
      client.on('terminal:data', (event) => got.push(event));
      // Output cut inside a character is still sent as it is: the renderer's xterm joins it.
      const bytes = Buffer.from('ls → café 😀\r\n');
      events.emit('terminal:data', { terminalId: 'term-1', data: bytes.subarray(0, 5) });
      events.emit('terminal:data', { terminalId: 'term-1', data: bytes.subarray(5) });
      events.emit('terminal:data', { terminalId: 'term-2', data: Buffer.from('for nobody') }, () => false);
      events.emit('notice', { level: 'info', message: 'still JSON' });
      await expect.poll(() => frames.length).toBe(3);
      expect(frames.map((f) => f.binary)).toEqual([true, true, false]);
      const decoded = frames.slice(0, 2).map((f) => decodeTerminalFrame(f.data)!);
      expect(decoded.map((d) => d.terminalId)).toEqual(['term-1', 'term-1']);
      expect(Buffer.concat(decoded.map((d) => d.data))).toEqual(bytes);
      expect(JSON.parse(frames[2]!.data.toString())).toEqual({ type: 'event', name: 'notice', payload: { level: 'info', message: 'still JSON' } });
      await expect.poll(() => got.length).toBe(2);
      expect(got.map((g) => g.terminalId)).toEqual(['term-1', 'term-1']);
      expect(new TextDecoder().decode(Buffer.concat(got.map((g) => g.data)))).toBe('ls → café 😀\r\n');
      client.close();
      raw.close();
    } finally {
      await server.close();
    }
  });

  it('sends core\'s output parts (the SSH chunks) as fragments of one message per batch, in order, for each terminal', async () => {
    const events = new EventBus();
    const core = await makeCore();
    const server = await startServer({ api: core, events, ...(await staticDirs()) });
    try {
      const session = await signIn(server.url);
      const raw = await socketOf(server, session);
      const frames: Buffer[] = [];
      raw.on('message', (data) => frames.push(data as Buffer));
      // Views into one larger buffer, as a backend's chunks may be: only their own bytes go.
      const packet = Buffer.from('<<header>>ls → café 😀\r\n<<trailer>>');
      const text = packet.subarray(10, packet.length - 11);
      const out = (id: string, parts: Uint8Array[]) => new TerminalOutput(id, parts, parts.reduce((n, p) => n + p.length, 0));
      events.emit('terminal:data', out('term-1', [text.subarray(0, 3), text.subarray(3, 9), text.subarray(9)]));
      events.emit('terminal:data', out('term-2', [Buffer.from('two'), Buffer.from('-parts')]));
      events.emit('terminal:data', out('term-1', [Buffer.from('next')]));
      await expect.poll(() => frames.length).toBe(3);
      const decoded = frames.map((f) => decodeTerminalFrame(f)!);
      expect(decoded.map((d) => [d.terminalId, Buffer.from(d.data).toString()])).toEqual([
        ['term-1', 'ls → café 😀\r\n'],
        ['term-2', 'two-parts'],
        ['term-1', 'next'],
      ]);
      raw.close();
    } finally {
      await server.close();
    }
  });

  it('counts output sent as fragments against a client that does not read, and closes it at the limit; a reading client gets it all', async () => {
    const { events, server } = await serverClosingAt8MB();
    try {
      const session = await signIn(server.url);
      const reader = await socketOf(server, session);
      let readBytes = 0;
      let batches = 0;
      reader.on('message', (data) => {
        readBytes += decodeTerminalFrame(data as Buffer)!.data.length;
        batches += 1;
      });
      const idle = await socketOf(server, session);
      idle.pause(); // reads nothing from now on
      const closed = closeOf(idle);
      // 120 batches of 8 chunks of 32 KB (30 MB, an SSH flood's shape): past 8 MB unread, the idle one is closed.
      const chunk = Buffer.alloc(32 * 1024, 0x61);
      for (let i = 0; i < 120; i++) {
        events.emit('terminal:data', new TerminalOutput('term-1', Array.from({ length: 8 }, () => chunk), 8 * chunk.length));
        await new Promise((r) => setImmediate(r));
      }
      idle.resume();
      const { code, reason } = await closed;
      expect(code).toBe(1008);
      expect(reason).toBe('too slow: 8 MB of answers and events unread');
      await expect.poll(() => batches, { timeout: 20_000 }).toBe(120);
      expect(readBytes).toBe(120 * 8 * chunk.length);
      reader.close();
    } finally {
      await server.close();
    }
  });
});
