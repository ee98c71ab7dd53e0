// Fuzzing the browser host as a client holding the session would: the real server and core
// in a process of their own (test/fuzz-server.ts: the real course, a temporary
// data dir and HOME, no hosts), sent 10,000+ random and mutated frames (null, arrays,
// numbers, wrong types, unknown operations, prototype keys, huge, binary, broken UTF-8)
// while a client that never reads and one that reads slowly pile up calls. Throughout: the
// process never exits, a well-behaved client gets every answer within 5 s, and the
// process's RSS stays under 400 MB (the acceptance figures). Each frame's fate is
// checked: one with an integer id is answered (an error envelope when its shape is wrong)
// and leaves the socket open; an unparseable, binary or oversized one closes the socket
// with 1003/1007/1009 and a reason. Only operations that run no command and touch no
// network are named (the generator's SAFE list). FUZZ_SEED=n replays another sequence.
import { type ChildProcess, spawn } from 'node:child_process';
import { isUtf8 } from 'node:buffer';
import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, type Server, type Socket, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Envelope } from '../common/rpc';
import { type BrowserSession, connectApi, signIn } from '../e2e/helpers/api-client';

const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
const FRAMES = 10_000;
const MAX_PAYLOAD = 2 * 1024 * 1024; // electron/server/server.ts
const ANSWER_WITHIN_MS = 5_000;
const RSS_LIMIT = 400 * 1024 * 1024;

/** Operations that run no command, open no connection and fetch nothing. */
const SAFE = [
  'getCourse', 'getProgress', 'updateSettings', 'getVariables', 'completeLesson', 'listHosts', 'secretStorage', 'deleteHost',
  'importSshConfig', 'acceptHostKey', 'rejectHostKey', 'forgetHostKey', 'resizeTerminal', 'ackTerminal', 'closeTerminal',
  'listTerminals', 'terminalStats', 'planCatchUp', 'cancelSequence', 'listArtifacts', 'planReset',
];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf'];

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof generator>;

function randomValue(r: Rng, depth = 0): unknown {
  switch (r.int(depth > 2 ? 6 : 9)) {
    case 0: return null;
    case 1: return r.pick([0, -1, 1.5, 2 ** 53, -(2 ** 60), 1e308, 42]);
    case 2: return r.pick(['', 'intro', 'local', 'kube-master', '../../etc/passwd', '$(reboot)', '\u0000', '\ud800', 'x'.repeat(r.int(5000))]);
    case 3: return r.next() < 0.5;
    case 4: return r.pick(PROTO_KEYS);
    case 5: return `SHA256:${'A'.repeat(43)}`;
    case 6: return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(4); i > 0; i--) o[r.pick([...PROTO_KEYS, 'theme', 'role', 'typingMode', 'lastLessonId', 'x'])] = randomValue(r, depth + 1);
      return o;
    }
  }
}

type Fate = { kind: 'answer'; id: number; wrongShape: boolean } | { kind: 'close'; code: 1003 | 1007 | 1009 };
interface Frame { data: string | Buffer; binary: boolean; fate: Fate }

/** What the protocol says happens to a frame (docs: ARCHITECTURE.md, browser host). */
function fateOf(data: string | Buffer, binary: boolean): Fate {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  if (bytes.length > MAX_PAYLOAD) return { kind: 'close', code: 1009 };
  if (binary) return { kind: 'close', code: 1003 };
  if (!isUtf8(bytes)) return { kind: 'close', code: 1007 };
  let v: unknown;
  try {
    v = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { kind: 'close', code: 1003 };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { kind: 'close', code: 1003 };
  const m = v as Record<string, unknown>;
  const id = Object.hasOwn(m, 'id') ? m.id : undefined;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return { kind: 'close', code: 1003 };
  const wrongShape = m.type !== 'call' || typeof m.name !== 'string' || !SAFE.includes(m.name) || (Object.hasOwn(m, 'args') && !Array.isArray(m.args));
  return { kind: 'answer', id, wrongShape };
}

function* frames(r: Rng): Generator<Frame> {
  let id = 1;
  const used = new Set<number>();
  const call = () => ({ type: 'call', id: id++, name: r.next() < 0.85 ? r.pick(SAFE) : r.pick([...PROTO_KEYS, 'rm -rf', 'openTerminal ', '']), args: Array.from({ length: r.int(3) }, () => randomValue(r)) });
  for (let n = 0; n < FRAMES; ) {
    let data: string | Buffer;
    let binary = false;
    const roll = r.int(100);
    if (roll < 35) data = JSON.stringify(call());
    else if (roll < 45) {
      const c: Record<string, unknown> = call();
      c[r.pick(['type', 'name', 'args'])] = randomValue(r); // a wrong type in one field
      data = JSON.stringify(c);
    } else if (roll < 52) data = JSON.stringify(randomValue(r)); // null, arrays, numbers…
    else if (roll < 57) data = JSON.stringify({ ...call(), id: r.pick(['1', 1.5, null, -0.5, 2 ** 60, [1]]) });
    else if (roll < 60) data = `{"type":"call","id":${id++},"__proto__":{"name":"getCourse"},"name":"constructor","args":[]}`;
    else if (roll < 62) {
      binary = true;
      data = Buffer.from(Array.from({ length: 1 + r.int(64) }, () => r.int(256)));
    } else if (roll < 65) data = Buffer.concat([Buffer.from(`{"type":"call","id":${id++},"name":"getCourse","args":["`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"]}')]);
    else if (roll < 66) data = JSON.stringify({ ...call(), name: 'updateSettings', args: [{ lastLessonId: 'x'.repeat(r.next() < 0.5 ? MAX_PAYLOAD + 1 : 1_500_000) }] });
    else {
      // A valid call with a few characters changed, inserted or removed.
      const chars = [...JSON.stringify(call())];
      for (let k = 1 + r.int(3); k > 0; k--) {
        const at = r.int(chars.length);
        const op = r.int(3);
        const c = r.pick(['{', '}', '[', ']', '"', ',', ':', '\\', 'n', '1', ' ', '\u00e9', '\u0000']);
        if (op === 0) chars[at] = c;
        else if (op === 1) chars.splice(at, 0, c);
        else chars.splice(at, 1);
      }
      data = chars.join('');
    }
    const fate = fateOf(data, binary);
    if (fate.kind === 'answer') {
      if (used.has(fate.id)) continue; // a mutation that repeated an id: skip it
      used.add(fate.id);
    }
    n++;
    yield { data, binary, fate };
  }
  // Two frames far over the limit.
  for (const size of [3 * 2 ** 20, 50 * 2 ** 20]) yield { data: `"${'z'.repeat(size)}"`, binary: false, fate: { kind: 'close', code: 1009 } };
}

/** `via`: the port of a proxy in front of the server (the Host header still names the server). */
function openSocket(session: BrowserSession, via?: number): Promise<WebSocket> {
  const server = new URL(session.url);
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${via ?? server.port}/ws`, { headers: { host: server.host, cookie: `${session.cookie.name}=${session.cookie.value}` } });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/**
 * A TCP proxy that passes the server's bytes on at `bytesPerTick` per 100 ms: a client that
 * reads slowly, whatever the machine's speed (the kernel's buffers fill, then the server's).
 */
async function slowProxy(serverPort: number, bytesPerTick: number): Promise<{ port: number; close(): void }> {
  const sockets = new Set<Socket>();
  const proxy: Server = createServer((client) => {
    const upstream = connect(serverPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    upstream.pause();
    const tick = setInterval(() => {
      const chunk = upstream.read(Math.min(bytesPerTick, upstream.readableLength || bytesPerTick)) as Buffer | null;
      if (chunk) client.write(chunk);
    }, 100);
    const end = () => {
      clearInterval(tick);
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      s.on('error', end);
      s.on('close', end);
    }
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  return {
    port: (proxy.address() as AddressInfo).port,
    close: () => {
      for (const s of sockets) s.destroy();
      proxy.close();
    },
  };
}

describe('browser host under fuzzing', () => {
  let child: ChildProcess;
  let dataDir: string;
  let session: BrowserSession;
  let exited: string | undefined;
  let maxRss = 0;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'fuzz-'));
    child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fuzz-server.ts'), dataDir], { env: { ...process.env, HOME: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code, signal) => (exited = `exited (${code ?? signal}): ${stderr.slice(-2000)}`));
    const url = await new Promise<string>((resolve, reject) => {
      let buffered = '';
      child.stdout!.on('data', (c: Buffer) => {
        buffered += c.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          const msg = JSON.parse(line) as { url?: string; rss?: number };
          if (msg.url) resolve(msg.url);
          if (msg.rss) maxRss = Math.max(maxRss, msg.rss);
        }
      });
      child.once('exit', () => reject(new Error(exited)));
    });
    session = await signIn(url);
  }, 60_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await gone;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it(`survives ${FRAMES} random and mutated frames and two greedy clients, answering a well-behaved one throughout`, async () => {
    const r = generator(SEED);
    const problems: string[] = [];

    // A well-behaved client, asking all along; every answer must come within 5 s.
    const good = await connectApi(session);
    let stop = false;
    let answered = 0;
    const steady = (async () => {
      while (!stop) {
        const started = Date.now();
        const late = setTimeout(() => problems.push(`a well-behaved call got no answer within ${ANSWER_WITHIN_MS / 1000} s`), ANSWER_WITHIN_MS);
        await (answered % 2 ? good.getCourse() : good.listTerminals()).catch((e: unknown) => problems.push(`well-behaved call failed: ${String(e)}`));
        clearTimeout(late);
        if (Date.now() - started > ANSWER_WITHIN_MS) problems.push('a well-behaved answer came after 5 s');
        answered++;
        await new Promise((res) => setTimeout(res, 20));
      }
    })();

    // A client that never reads: 3,000 getCourse calls (the whole course each).
    const deaf = await openSocket(session);
    deaf.on('error', () => {});
    deaf.pause();
    for (let i = 1; i <= 3000; i++) deaf.send(JSON.stringify({ type: 'call', id: i, name: 'getCourse', args: [] }));
    // A client that reads slowly (640 KB/s, two answers a second): 20,000 calls.
    const proxy = await slowProxy(Number(new URL(session.url).port), 64 * 1024);
    const slow = await openSocket(session, proxy.port);
    slow.on('error', () => {});
    for (let i = 1; i <= 20_000; i++) slow.send(JSON.stringify({ type: 'call', id: i, name: 'getCourse', args: [] }));

    // The fuzzer: pipelines answerable frames, and checks each closing frame's code and reason.
    let ws = await openSocket(session);
    const pending = new Map<number, boolean>();
    let emptied: (() => void) | undefined;
    let sent = 0;
    let closes = 0;
    const listen = (socket: WebSocket) =>
      socket.on('message', (raw) => {
        const msg = JSON.parse(raw.toString()) as { type: string; id?: number; envelope?: Envelope };
        if (msg.type !== 'result' || msg.id === undefined) return;
        const wrongShape = pending.get(msg.id);
        if (wrongShape === undefined) problems.push(`an answer to an id never sent or answered twice: ${msg.id}`);
        else if (wrongShape && msg.envelope?.ok !== false) problems.push(`frame ${msg.id} had a wrong shape but was answered ${JSON.stringify(msg.envelope).slice(0, 200)}`);
        else if (!msg.envelope || typeof msg.envelope.ok !== 'boolean') problems.push(`frame ${msg.id}: no envelope`);
        pending.delete(msg.id);
        if (pending.size === 0) emptied?.();
      });
    listen(ws);
    const drain = async () => {
      if (pending.size === 0) return;
      const socket = ws;
      await new Promise<void>((resolve, reject) => {
        // (a hang guard only: answers come in milliseconds)
        const guard = setTimeout(() => reject(new Error(`${pending.size} answers never came (ids ${[...pending.keys()].slice(0, 5).join(', ')}…); server ${exited ?? 'running'}`)), 30_000);
        const closed = () => reject(new Error(`the socket closed with answers pending: ${[...pending.keys()].slice(0, 5).join(', ')}`));
        socket.once('close', closed);
        emptied = () => {
          clearTimeout(guard);
          socket.off('close', closed);
          emptied = undefined;
          resolve();
        };
      });
    };
    for (const frame of frames(r)) {
      sent++;
      if (frame.fate.kind === 'answer') {
        pending.set(frame.fate.id, frame.fate.wrongShape);
        ws.send(frame.data, { binary: frame.binary });
        if (pending.size >= 64) await drain();
        continue;
      }
      await drain();
      const expected = frame.fate.code;
      const closed = new Promise<{ code: number; reason: string }>((res) => ws.once('close', (code, reason) => res({ code, reason: reason.toString() })));
      ws.on('error', () => {}); // a 50 MB write is cut short by the close
      ws.send(frame.data, { binary: frame.binary });
      const { code, reason } = await closed;
      closes++;
      if (code !== expected || reason === '') problems.push(`frame ${sent} (${String(frame.data).slice(0, 80)}…): closed ${code} "${reason}", expected ${expected} with a reason`);
      ws = await openSocket(session);
      listen(ws);
    }
    await drain();
    expect(ws.readyState).toBe(WebSocket.OPEN);

    stop = true;
    await steady;
    for (const socket of [ws, deaf, slow]) socket.terminate();
    proxy.close();
    good.close();

    expect(sent).toBeGreaterThanOrEqual(FRAMES);
    expect(closes).toBeGreaterThan(500);
    expect(answered).toBeGreaterThan(10);
    expect(problems.slice(0, 10)).toEqual([]);
    expect(exited).toBeUndefined();
    console.log(`[measure] fuzz: the browser host's largest RSS ${(maxRss / 1048576).toFixed(0)} MB (limit ${RSS_LIMIT / 1048576} MB)`);
    expect(maxRss).toBeGreaterThan(0);
    expect(maxRss).toBeLessThan(RSS_LIMIT);
    // And it still serves.
    const after = await connectApi(session);
    expect(await after.listTerminals()).toEqual([]);
    after.close();
  }, 180_000);
});
