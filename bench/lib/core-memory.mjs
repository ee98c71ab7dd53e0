// coreMemory: the core's memory (the browser-host server process, which hosts the core)
// with two terminal sessions, master and worker, over SSH to the lab, each of which has
// printed LINES lines of log-like output (~90 chars a line), against a plain Node process
// that opens the same two ssh2 shell sessions and drains the same output, in the same run.
//
// Each process is a fresh one, measured from outside: VmRSS (and VmHWM, the peak) from
// /proc/PID/status, and the V8 heap (process.memoryUsage().heapUsed) read through the
// inspector after a forced full GC (HeapProfiler.collectGarbage), so "after" is what the
// process retains, not garbage it has not collected yet. Both processes run with the
// inspector on (--inspect=127.0.0.1:<free port>), so both carry its small overhead.
//   idle:  the app with both hosts configured (profiles saved, host keys trusted, no open
//          connection); the baseline with ssh2 loaded, no connection;
//   after: both sessions connected and all output drained, GC'd.
// appRssMB / baselineRssMB = the RSS growth (after - idle) of each; ratio = app / baseline
// (lower is better). Also reported: the idle and after values themselves, peaks and heaps.
//
// Consuming the output: the terminal service keeps no output for a renderer that is not
// there. It batches output into terminal:data events for whoever is connected and stops
// reading the SSH channel once 1,000,000 bytes are unacknowledged (flow control), so with
// nobody attached `seq` would simply block on the VM. Here a Node client of the same
// WebSocket contract (e2e/helpers/api-client.ts) stands in for the page: it receives every
// terminal:data event (a binary frame) and acknowledges every 5,000 bytes as the renderer
// does after xterm's write callback, so all the output really passes through the core
// (batched, sent over the WebSocket); the bytes counted on arrival are checked against what
// was printed.
// No browser page is attached (xterm's buffer lives in the page, not the core).
// Needs the e2e lab (npm run lab -- up).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { connectApi, signIn } from '../../e2e/helpers/api-client.ts';
import { labHosts } from '../../e2e/helpers/lab.ts';
import { configureLabHosts } from '../../e2e/helpers/setup-hosts.ts';
import { buildIfNeeded } from '../../scripts/build-if-needed.mjs';
import { startHost } from './host.mjs';

const LINES = 100_000;
const ACK_EVERY = 5_000; // bytes, as the renderer (common/flow-control.ts)
// seq -f: one line per number, ~90 chars, like a component's log (%06.0f is the number).
const FORMAT = 'I1125 10:00:00.000000    1234 handler.go:153] bench line %06.0f: GET /api/v1/nodes 200 OK in 1ms';
const command = (tag) => `seq -f '${FORMAT}' 1 ${LINES}; echo BENCH_MEM_$((6*7))_${tag}`;
const sentinel = (tag) => `BENCH_MEM_42_${tag}`;
const MB = 2 ** 20;
const baselineScript = fileURLToPath(new URL('./core-memory-baseline.mjs', import.meta.url));
const round = (n, d = 1) => Number(n.toFixed(d));

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** VmRSS and VmHWM of a process, in bytes. */
function procMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** A minimal Chrome DevTools Protocol client for a Node process's inspector. */
async function inspector(port) {
  let targets;
  for (let i = 0; ; i++) {
    try {
      targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
      break;
    } catch (err) {
      if (i > 100) throw new Error(`no inspector on port ${port}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const ws = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map();
  ws.on('message', (raw) => {
    const msg = JSON.parse(raw.toString());
    if (msg.id === undefined) return;
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.error) p?.reject(new Error(`inspector: ${msg.error.message}`));
    else p?.resolve(msg.result);
  });
  const send = (method, params = {}) => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    ws.send(JSON.stringify({ id, method, params }));
  });
  return {
    /** Full GC, then process.memoryUsage() of the inspected process. */
    async memoryAfterGc() {
      await send('HeapProfiler.collectGarbage');
      await send('HeapProfiler.collectGarbage');
      return this.memoryNow();
    },
    /** process.memoryUsage() of the inspected process as it is (no GC). */
    async memoryNow() {
      const r = await send('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
      return JSON.parse(r.result.value);
    },
    close: () => ws.close(),
  };
}

/** Idle: a full GC first, then RSS and heap; the peak (VmHWM) is reset to now. */
async function idleSnapshot(pid, insp) {
  const heap = await insp.memoryAfterGc();
  await new Promise((r) => setTimeout(r, 300)); // let freed pages go back to the OS
  const { rss } = procMemory(pid);
  // "5" resets the process's peak RSS (proc(5), clear_refs): VmHWM then is the peak from here on.
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  return { rss, heapUsed: heap.heapUsed, heapTotal: heap.heapTotal, external: heap.external };
}

/** After: RSS and peak as the process stands, then RSS and heap after a full GC (what it retains). */
async function afterSnapshot(pid, insp) {
  await new Promise((r) => setTimeout(r, 500));
  const { rss, hwm } = procMemory(pid);
  // What the RSS is made of before the GC: V8's heap (garbage included) and external memory (Buffers).
  const now = await insp.memoryNow();
  const heap = await insp.memoryAfterGc();
  await new Promise((r) => setTimeout(r, 300));
  return { rss, hwm, rssAfterGc: procMemory(pid).rss, heapUsed: heap.heapUsed, heapTotalBeforeGc: now.heapTotal, externalBeforeGc: now.external };
}

/** The app: a fresh browser host, a Node client in place of the page (see the header). */
async function measureApp(ctx) {
  buildIfNeeded(); // a rebuild must not run with the inspector's port taken (and not inside the figure)
  const port = await freePort();
  const host = await startHost({ dataDir: join(ctx.work, 'core-memory'), home: ctx.home, env: { NODE_OPTIONS: `--inspect=127.0.0.1:${port}` } });
  const insp = await inspector(port);
  const api = await connectApi(await signIn(host.url));
  try {
    await configureLabHosts(api, 'key');
    await new Promise((r) => setTimeout(r, 500));
    const idle = await idleSnapshot(host.pid, insp);

    const sessions = new Map(); // terminalId → { role, chars (bytes), tail, done }
    api.on('terminal:data', ({ terminalId, data }) => {
      const s = sessions.get(terminalId);
      if (!s) return;
      s.chars += data.length;
      s.unacked += data.length;
      const text = s.tail + s.utf8.decode(data, { stream: true });
      s.tail = text.slice(-4096);
      if (s.unacked >= ACK_EVERY) {
        void api.ackTerminal(terminalId, s.unacked);
        s.unacked = 0;
      }
      if (s.waitFor && text.includes(s.waitFor.text)) {
        const w = s.waitFor;
        s.waitFor = undefined;
        w.resolve();
      }
    });
    const until = (s, text) => new Promise((resolve, reject) => {
      if (s.tail.includes(text)) return resolve();
      const timer = setTimeout(() => reject(new Error(`coreMemory: ${s.role} never printed ${JSON.stringify(text)} (tail ${JSON.stringify(s.tail)})`)), 120_000);
      s.waitFor = { text, resolve: () => { clearTimeout(timer); resolve(); } };
    });
    const roles = ['master', 'worker'];
    for (const role of roles) {
      const { terminalId } = await api.openTerminal(role);
      sessions.set(terminalId, { role, id: terminalId, chars: 0, unacked: 0, tail: '', utf8: new TextDecoder() });
    }
    // Connected, and the shell integration's first prompt mark has arrived.
    await Promise.all([...sessions.values()].map((s) => until(s, '\x1b]6973;D;')));
    await Promise.all([...sessions.values()].map(async (s) => {
      const start = s.chars;
      s.tail = '';
      await api.writeTerminal(s.id, `${command(s.role)}\r`);
      await until(s, sentinel(s.role));
      s.printed = s.chars - start;
    }));
    for (const s of sessions.values()) {
      if (s.unacked > 0) await api.ackTerminal(s.id, s.unacked);
      s.unacked = 0;
      if (s.printed < LINES * FORMAT.length * 0.9) throw new Error(`coreMemory: only ${s.printed} chars arrived from ${s.role}`);
    }
    const after = await afterSnapshot(host.pid, insp);
    return { idle, after, chars: [...sessions.values()].reduce((a, s) => a + s.printed, 0) };
  } finally {
    api.close();
    insp.close();
    await host.stop();
  }
}

async function measureBaseline(ctx, hosts) {
  const port = await freePort();
  const cmds = hosts.map((h) => ({ command: command(h.role), sentinel: sentinel(h.role) }));
  const child = spawn(process.execPath, [`--inspect=127.0.0.1:${port}`, baselineScript, JSON.stringify([hosts, cmds])], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  let out = '';
  const waitLine = (prefix) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`coreMemory baseline: no "${prefix}" line: ${err}`)), 120_000);
    const check = () => {
      const line = out.split('\n').find((l) => l.startsWith(prefix));
      if (!line) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve(line);
    };
    const onData = (c) => {
      out += c;
      check();
    };
    child.stdout.on('data', onData);
    check();
  });
  let insp;
  try {
    await waitLine('idle');
    insp = await inspector(port);
    await new Promise((r) => setTimeout(r, 500));
    const idle = await idleSnapshot(child.pid, insp);
    child.stdin.write('go\n');
    const done = await waitLine('done');
    const bytes = done.split(' ').slice(1).map(Number);
    if (bytes.some((b) => b < LINES * FORMAT.length * 0.9)) throw new Error(`coreMemory baseline: only ${bytes} bytes arrived`);
    const after = await afterSnapshot(child.pid, insp);
    child.stdin.write('end\n');
    return { idle, after, chars: bytes.reduce((a, b) => a + b, 0) };
  } finally {
    insp?.close();
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin.end();
      setTimeout(() => child.kill('SIGTERM'), 3000).unref();
      await exited;
    }
  }
}

export async function coreMemory(ctx) {
  const hosts = labHosts();
  const app = await measureApp(ctx);
  const base = await measureBaseline(ctx, hosts);
  const mb = (n) => round(n / MB);
  const appRss = app.after.rss - app.idle.rss;
  const baseRss = base.after.rss - base.idle.rss;
  const result = {
    appRssMB: mb(appRss),
    baselineRssMB: mb(baseRss),
    ratio: round(appRss / baseRss, 2),
    lines: LINES,
    sessions: 2,
    outputMB: round(app.chars / MB, 1),
    appIdleRssMB: mb(app.idle.rss),
    appPeakRssMB: mb(app.after.hwm - app.idle.rss),
    appRetainedRssMB: mb(app.after.rssAfterGc - app.idle.rss),
    appHeapIdleMB: mb(app.idle.heapUsed),
    appHeapAfterMB: mb(app.after.heapUsed),
    baselineIdleRssMB: mb(base.idle.rss),
    baselinePeakRssMB: mb(base.after.hwm - base.idle.rss),
    baselineRetainedRssMB: mb(base.after.rssAfterGc - base.idle.rss),
    baselineHeapIdleMB: mb(base.idle.heapUsed),
    baselineHeapAfterMB: mb(base.after.heapUsed),
    // Growth before the GC of V8's heap (its size, garbage included) and of external memory (Buffers not yet freed).
    appHeapTotalGrowthMB: mb(app.after.heapTotalBeforeGc - app.idle.heapTotal),
    appExternalGrowthMB: mb(app.after.externalBeforeGc - app.idle.external),
    baselineHeapTotalGrowthMB: mb(base.after.heapTotalBeforeGc - base.idle.heapTotal),
    baselineExternalGrowthMB: mb(base.after.externalBeforeGc - base.idle.external),
  };
  ctx.log(`coreMemory: 2 SSH terminals × ${LINES} lines (${result.outputMB} MB through the core), RSS growth over idle:`);
  ctx.log(`  browser host (core): idle ${result.appIdleRssMB} MB; after +${result.appRssMB} MB, peak during the output +${result.appPeakRssMB}, after a full GC +${result.appRetainedRssMB}; heap after GC ${result.appHeapIdleMB} → ${result.appHeapAfterMB} MB; before it, heap size +${result.appHeapTotalGrowthMB} MB, external +${result.appExternalGrowthMB} MB`);
  ctx.log(`  plain ssh2 process:  idle ${result.baselineIdleRssMB} MB; after +${result.baselineRssMB} MB, peak +${result.baselinePeakRssMB}, after a full GC +${result.baselineRetainedRssMB}; heap ${result.baselineHeapIdleMB} → ${result.baselineHeapAfterMB} MB; before it, heap size +${result.baselineHeapTotalGrowthMB} MB, external +${result.baselineExternalGrowthMB} MB`);
  ctx.log(`  ratio of the growths after: ${result.ratio} (lower is better)`);
  return result;
}
