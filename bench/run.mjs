// `npm run bench -- [--json] [--only NAME,…] [--mb N] [--renderer webgl|dom|both] [--compositing software|gpu|both]`
//
// Figures about the app, each against a baseline measured in the same run, with a ratio.
// Each figure is a named measurement in MEASUREMENTS below; `--json` prints them all as ONE
// line {"<name>": {...}, ...} on stdout (the log goes to stderr); `--only a,b` runs some.
// How to read them, and the numbers of one machine: docs/benchmarks.md.
//
// terminalThroughput (here): a file of N MB of deterministic text (bench/lib/source.mjs) is
// `cat`-ed in the app's Local shell tab; the time runs from Enter until xterm has written
// the sentinel line that follows it (read from window.__tutorTerminalStats, which the
// terminal code updates in xterm's write callbacks). The same bytes, with the pty's
// \n → \r\n, are then parsed by @xterm/headless in Node (median of 3). ratio = app /
// headless (higher is better). Also reported: animation-frame gaps in the page during the
// flood (p95, max), i.e. whether the UI stayed responsive.
// Both renderers by default, each the median of 3 runs with their spread: WebGL (what
// learners get; here on SwiftShader, i.e. on the CPU), which must be in use or the figure
// fails, and the DOM fallback, both with the tests' software compositing (--disable-gpu);
// then WebGL with GPU compositing on SwiftShader (`webglGpu`: no read-back of the canvas,
// as on a desktop's GPU). --compositing software|gpu|both chooses. Every figure also gets
// the load average around it.
//
// The others live in bench/lib/, loaded only when chosen, and all need the e2e lab
// (npm run lab -- up); lower ratios are better:
// checkLatency (check-latency.mjs): the certificate-authority lesson's checks through the
//   engine (shared SSH connection) vs each over a new OpenSSH connection.
// clickToOutput (click-to-output.mjs): click on a block's Run button → the first byte of
//   the command's output written in xterm, vs a raw ssh2 exec on an open connection →
//   its first data byte.
// clickUnderFlood (click-under-flood.mjs): a click on a lesson → the frame that shows its
//   heading, while a terminal floods, vs the same clicks with the terminal idle (WebGL and DOM).
// checksFanout (checks-fanout.mjs): the check engine on 1 host vs on 10 hosts at once
//   (10 sshd endpoints started in the two lab VMs for the run).
// timeToInteractive (time-to-interactive.mjs): spawning the browser host → the app usable
//   in Chromium, vs spawning a tiny static Node HTTP server → its page loaded.
// coreMemory (core-memory.mjs): the browser-host process's RSS growth with two SSH
//   terminals that printed 100,000 lines each, vs a plain ssh2 process draining the same.
// liveChecks (live-checks.mjs): VM and core CPU time per minute of watching every lesson
//   through etcd (passed by a catch-up in a browser host of its own), vs checking them once.
//
// TUTOR_BENCH_SERVER=path/to/cli.js runs another build of the browser host.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { addSessionCookie, signIn } from '../e2e/helpers/api-client.ts';
import { buildIfNeeded } from '../scripts/build-if-needed.mjs';
import { CHROMIUM_PATH, chromiumArgs, startHost } from './lib/host.mjs';
import { median, spreadOf } from './lib/median.mjs';
import { assertRenderer, configurationsOf } from './lib/renderers.mjs';
import { benchText } from './lib/source.mjs';

const { values: opts } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    only: { type: 'string' },
    mb: { type: 'string', default: '16' },
    renderer: { type: 'string', default: 'both' },
    compositing: { type: 'string', default: 'both' },
  },
  strict: true,
});
const MiB = 2 ** 20;
const log = (line) => {
  if (!opts.json) console.log(line);
  else process.stderr.write(`${line}\n`);
};

/** A measurement: name (the JSON key), what it needs, and run(ctx) → a plain object. */
const MEASUREMENTS = [
  { name: 'terminalThroughput', run: terminalThroughput },
  // TypeScript helpers of the e2e suite: loaded through tsx only when this figure runs.
  { name: 'checkLatency', run: async (ctx) => (await import('./lib/check-latency.mjs')).checkLatency(ctx) },
  { name: 'clickToOutput', run: async (ctx) => (await import('./lib/click-to-output.mjs')).clickToOutput(ctx) },
  { name: 'clickUnderFlood', run: async (ctx) => (await import('./lib/click-under-flood.mjs')).clickUnderFlood(ctx) },
  { name: 'checksFanout', run: async (ctx) => (await import('./lib/checks-fanout.mjs')).checksFanout(ctx) },
  { name: 'timeToInteractive', run: async (ctx) => (await import('./lib/time-to-interactive.mjs')).timeToInteractive(ctx) },
  { name: 'coreMemory', run: async (ctx) => (await import('./lib/core-memory.mjs')).coreMemory(ctx) },
  { name: 'liveChecks', run: async (ctx) => (await import('./lib/live-checks.mjs')).liveChecks(ctx) },
];

const THROUGHPUT_RUNS = 3;

async function terminalThroughput(ctx) {
  const bytes = Math.round(Number(ctx.opts.mb) * MiB);
  if (!(bytes > 0)) throw new Error(`--mb must be a positive number, got ${ctx.opts.mb}`);
  const data = benchText(bytes);
  const file = join(ctx.work, 'terminal-bench.txt');
  await writeFile(file, data);
  const headless = await headlessThroughput(data, 120, 11);
  const result = { xtermHeadlessMBps: round(headless.mbps), headlessSpread: headless.spread, bytes, runs: THROUGHPUT_RUNS };
  for (const { key, renderer, compositing } of configurationsOf(ctx.opts)) {
    const r = await throughputOn(ctx, renderer, compositing, file, bytes);
    const ratio = round(r.appMBps / headless.mbps, 3);
    result[key] = { ...r, ratio };
    log(`terminal throughput, ${(bytes / MiB).toFixed(1)} MB (MB = 2^20 bytes) through the Local shell, ${r.cols}x${r.rows}, ${renderer === 'dom' ? 'DOM renderer' : 'WebGL renderer (SwiftShader here: no GPU)'}, ${compositing} compositing, median of ${THROUGHPUT_RUNS}:`);
    log(`  app (Chromium, browser host): ${r.appMBps} MB/s (runs ${r.spread.values.join(', ')} MB/s)`);
    log(`  @xterm/headless parse:        ${result.xtermHeadlessMBps} MB/s (runs ${headless.spread.values.join(', ')} MB/s)`);
    log(`  ratio app/headless:           ${ratio}`);
    log(`  UI during the flood: frame gaps p95 ${r.p95FrameGapMs} ms, max ${r.maxFrameGapMs} ms`);
  }
  // The headline: the renderer learners get (WebGL) when it was measured.
  const main = result.webgl ?? result.webglGpu ?? result.dom;
  Object.assign(result, { appMBps: main.appMBps, ratio: main.ratio, renderer: main.renderer });
  return result;
}

async function throughputOn(ctx, renderer, compositing, file, bytes) {
  const page = await ctx.newPage(compositing);
  try {
    if (renderer === 'dom') await page.addInitScript(() => { window.__tutorTerminalRenderer = 'dom'; });
    await page.goto(ctx.session.url);
    const tab = page.getByTestId('terminal-tab-local');
    await tab.waitFor({ timeout: 30_000 });
    await tab.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="terminal-tab-local"]')?.getAttribute('data-state') === 'connected', null, { timeout: 30_000 });
    // The prompt has arrived and output has settled.
    await page.waitForFunction(() => (window.__tutorTerminalStats?.local?.chars ?? 0) > 0, null, { timeout: 30_000 });
    await assertRenderer(page, 'local', renderer);
    await settle(page);
    const runs = [];
    for (let i = 0; i < THROUGHPUT_RUNS; i++) runs.push(await throughputRun(page, file, i));
    await assertRenderer(page, 'local', renderer); // still: a lost WebGL context falls back to the DOM
    const mbps = runs.map((r) => bytes / MiB / (r.appMs / 1000));
    const mid = runs[mbps.indexOf(median(mbps))];
    return {
      appMBps: round(median(mbps)),
      spread: spreadOf(mbps),
      renderer,
      compositing,
      cols: mid.cols,
      rows: mid.rows,
      charsWritten: mid.charsWritten,
      maxFrameGapMs: round(mid.maxFrameGapMs, 1),
      p95FrameGapMs: round(mid.p95FrameGapMs, 1),
    };
  } finally {
    await page.close();
  }
}

/** One `cat` of the file; the time runs from Enter until xterm has written the sentinel after it. */
async function throughputRun(page, file, run) {
  const sentinelTyped = `BENCH_$((40+${run}))_END`;
  const sentinel = `BENCH_${40 + run}_END`;
  await page.getByTestId('terminal-local').click();
  await page.keyboard.type(`stty -echo; cat '${file}'; echo ${sentinelTyped}; stty echo`);
  await page.waitForFunction((s) => window.__tutorTerminalStats?.local?.tail.includes(s), sentinelTyped, { timeout: 30_000 });
  await settle(page);
  const before = await page.evaluate(() => {
    const stats = window.__tutorTerminalStats.local;
    window.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__benchEnterAt = performance.now(); }, { capture: true, once: true });
    // Responsiveness during the flood: the gaps between animation frames.
    const gaps = (window.__benchFrameGaps = []);
    window.__benchStopFrames = false;
    let last = performance.now();
    const tick = (now) => {
      gaps.push(now - last);
      last = now;
      if (!window.__benchStopFrames) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    return { chars: stats.chars, cols: stats.cols, rows: stats.rows };
  });
  await page.keyboard.press('Enter');
  await page.waitForFunction((s) => window.__tutorTerminalStats?.local?.tail.includes(s), sentinel, { timeout: 600_000, polling: 20 });
  const after = await page.evaluate(() => {
    window.__benchStopFrames = true;
    const gaps = window.__benchFrameGaps.slice(1).sort((a, b) => a - b);
    const p95 = gaps[Math.floor(gaps.length * 0.95)] ?? 0;
    return { ...window.__tutorTerminalStats.local, enterAt: window.__benchEnterAt, maxFrameGapMs: gaps.at(-1) ?? 0, p95FrameGapMs: p95 };
  });
  await settle(page);
  return { appMs: after.lastWriteAt - after.enterAt, cols: before.cols, rows: before.rows, charsWritten: after.chars - before.chars, maxFrameGapMs: after.maxFrameGapMs, p95FrameGapMs: after.p95FrameGapMs };
}

/** Parse throughput of @xterm/headless on the bytes the pty would send (\n → \r\n). */
async function headlessThroughput(data, cols, rows) {
  const { Terminal } = createRequire(import.meta.url)('@xterm/headless');
  const text = data.toString('utf8').replace(/\n/g, '\r\n');
  const CHUNK = 65_536;
  const run = async (input) => {
    const term = new Terminal({ cols, rows, scrollback: 20_000, allowProposedApi: true });
    const started = performance.now();
    await new Promise((resolve) => {
      for (let i = 0; i < input.length; i += CHUNK) {
        const last = i + CHUNK >= input.length;
        term.write(input.slice(i, i + CHUNK), last ? resolve : undefined);
      }
    });
    const ms = performance.now() - started;
    term.dispose();
    return ms;
  };
  await run(text.slice(0, Math.min(text.length, 2 * MiB))); // warm up the JIT
  // The median of three runs (this machine is shared; one run is noisy).
  const times = [await run(text), await run(text), await run(text)];
  const mbps = times.map((ms) => data.length / MiB / (ms / 1000));
  return { mbps: median(mbps), spread: spreadOf(mbps) };
}

async function settle(page, quietMs = 300) {
  let last = -1;
  for (let i = 0; i < 100; i++) {
    const chars = await page.evaluate(() => window.__tutorTerminalStats?.local?.chars ?? 0);
    if (chars === last) return;
    last = chars;
    await page.waitForTimeout(quietMs);
  }
}

const round = (n, digits = 2) => Number(n.toFixed(digits));

async function main() {
  const only = opts.only ? new Set(opts.only.split(',')) : null;
  const chosen = MEASUREMENTS.filter((m) => !only || only.has(m.name));
  if (chosen.length === 0) throw new Error(`no measurement named ${opts.only}; known: ${MEASUREMENTS.map((m) => m.name).join(', ')}`);
  buildIfNeeded();
  const work = await mkdtemp(join(tmpdir(), 'tutor-bench-'));
  const home = join(work, 'home'); // see bench/lib/host.mjs
  // TUTOR_BENCH_CPU_PROF=DIR: the browser host runs with node --cpu-prof (a profile of core for the run).
  const prof = process.env.TUTOR_BENCH_CPU_PROF;
  const host = await startHost({ dataDir: join(work, 'data'), home, nodeArgs: prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [] });
  // The printed URL's token signs in once: every page and API client of the run carries this session.
  const session = await signIn(host.url);
  // One Chromium per compositing mode (scripts/chromium.mjs), started when first asked for.
  const browsers = new Map();
  const browserFor = (compositing) => {
    if (!browsers.has(compositing)) browsers.set(compositing, chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs(compositing) }));
    return browsers.get(compositing);
  };
  const results = {};
  try {
    const ctx = {
      opts, host, session, home, work, log,
      newPage: async (compositing = 'software') => {
        const page = await (await browserFor(compositing)).newPage({ viewport: { width: 1280, height: 800 } });
        await addSessionCookie(page.context(), session);
        page.on('pageerror', (e) => log(`page error: ${e.message}`));
        page.on('crash', () => log('page crashed (renderer process died)'));
        return page;
      },
    };
    // A figure that fails is reported as {"error": …}; the others still print.
    for (const m of chosen) {
      try {
        const loadBefore = loadavg()[0];
        const started = performance.now();
        const result = await m.run(ctx);
        // The machine's 1-minute load average around the figure: a figure taken while the
        // cores were busy with something else is not comparable with a quiet one.
        result.load = { before: round(loadBefore), after: round(loadavg()[0]), cores: cpus().length };
        result.seconds = round((performance.now() - started) / 1000, 1);
        log(`  (${m.name}: ${result.seconds} s, load average ${result.load.before} → ${result.load.after} on ${result.load.cores} cores)`);
        results[m.name] = result;
      } catch (err) {
        results[m.name] = { error: err instanceof Error ? err.message : String(err) };
        log(`${m.name}: FAILED: ${err instanceof Error ? err.stack : String(err)}`);
      }
    }
  } finally {
    for (const browser of browsers.values()) await (await browser.catch(() => undefined))?.close();
    await host.stop();
    await rm(work, { recursive: true, force: true });
  }
  if (opts.json) console.log(JSON.stringify(results));
  if (Object.values(results).some((r) => r && typeof r === 'object' && 'error' in r)) process.exitCode = 1;
}

main().catch((err) => {
  console.error(`bench: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
