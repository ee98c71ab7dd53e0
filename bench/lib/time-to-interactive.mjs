// timeToInteractive: from spawning the browser host (`node scripts/serve.mjs --no-open
// --port 0 --data-dir <fresh dir>`, what `npm run serve` runs; TUTOR_BENCH_SERVER applies as
// for the other figures) until the app is usable in Chromium, against spawning a minimal
// Node HTTP server on 127.0.0.1 that serves a tiny static HTML page and loading that in
// the same Chromium, in the same run.
//
// "Usable" (the app), all of:
//  - the page's load event has fired (page.goto resolves on it);
//  - the sidebar's first lesson button (`[data-testid="lesson-list"] [data-testid^=
//    "lesson-item-"]`) shows data-state="open": the course AND the learner's progress have
//    arrived over the WebSocket (the state is derived from both) and it is enabled;
//  - the main column has drawn its title (#lesson-content #lesson-title) and an enabled
//    button in it: on this fresh data dir, the first-run guide ("Connect your two VMs")
//    and its "Later — let me read first" button.
// "Usable" (the baseline): its load event has fired and its one <button> is enabled.
// Both are polled in the page on every animation frame; the clock runs in this process
// from just before spawn until the condition holds. Each run is a new server process, a
// new data dir and a new browser context (no cache, no cookie). Also reported: the part
// until the server printed its URL (spawn → listening), and a second start of the host on
// the first one's data dir (a new process and browser context again): the learner's every
// later start, where core finds the course it parsed last time (lessons/course-cache.ts).
//
// Sources edited while the bench runs would make serve.mjs rebuild inside the timing: the
// build is brought up to date before each app run, and a run during which out/.build-stamp
// changed is thrown away and repeated.
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfNeeded } from '../../scripts/build-if-needed.mjs';
import { startHost } from './host.mjs';
import { median } from './median.mjs';

const RUNS = 5;
const stampFile = fileURLToPath(new URL('../../out/.build-stamp', import.meta.url));
const round = (n, d = 1) => Number(n.toFixed(d));
const stamp = () => {
  try {
    return statSync(stampFile).mtimeMs;
  } catch {
    return 0;
  }
};

const TINY_HTML = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>baseline</title></head><body><h1>Hello</h1><button id="ready" type="button">Ready</button></body></html>';
const TINY_SERVER = `
const http = require('node:http');
const html = ${JSON.stringify(TINY_HTML)};
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
  res.end(html);
});
server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port + '/'));
process.on('SIGTERM', () => process.exit(0));
`;

function startTiny() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', TINY_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c) => {
      out += c;
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m) resolve({ url: m[0], stop: () => new Promise((done) => { if (child.exitCode !== null) return done(); child.once('exit', () => done()); child.kill('SIGTERM'); }) });
    });
    child.once('exit', (code) => reject(new Error(`the baseline server exited (${code})`)));
  });
}

function appReady() {
  const first = document.querySelector('[data-testid="lesson-list"] [data-testid^="lesson-item-"]');
  return document.readyState === 'complete' && first?.getAttribute('data-state') === 'open' && !first.disabled
    && !!document.querySelector('#lesson-content #lesson-title') && !!document.querySelector('#lesson-content button:not([disabled])');
}

function baselineReady() {
  const b = document.querySelector('#ready');
  return document.readyState === 'complete' && !!b && !b.disabled;
}

/** Spawn → usable for one start of the browser host on `dataDir`. */
async function startApp(ctx, dataDir) {
  const page = await ctx.newPage();
  const t0 = performance.now();
  const host = await startHost({ dataDir, home: ctx.home });
  const listening = performance.now() - t0;
  try {
    await page.goto(host.url);
    await page.waitForFunction(appReady, null, { polling: 'raf', timeout: 60_000 });
    return { ms: performance.now() - t0, listening };
  } finally {
    await page.close();
    await host.stop();
  }
}

export async function timeToInteractive(ctx) {
  const app = [];
  const appListen = [];
  const again = [];
  const base = [];
  const baseListen = [];
  let discarded = 0;
  for (let i = 0; app.length < RUNS; i++) {
    if (discarded > 5) throw new Error('timeToInteractive: the app was rebuilt during too many runs (are sources being edited?)');
    // The baseline (kept only with an app run that counts).
    let baseMs;
    let baseListening;
    {
      const page = await ctx.newPage();
      const t0 = performance.now();
      const tiny = await startTiny();
      const listening = performance.now() - t0;
      try {
        await page.goto(tiny.url);
        await page.waitForFunction(baselineReady, null, { polling: 'raf', timeout: 30_000 });
        baseMs = performance.now() - t0;
        baseListening = listening;
      } finally {
        await page.close();
        await tiny.stop();
      }
    }
    // The app: a first start (fresh data dir), then a second start on the same data dir.
    buildIfNeeded();
    const before = stamp();
    const dataDir = join(ctx.work, `tti-${i}`);
    const first = await startApp(ctx, dataDir);
    const second = await startApp(ctx, dataDir);
    if (stamp() !== before) {
      discarded += 1;
      ctx.log('timeToInteractive: the app was rebuilt during this run; repeating it');
    } else {
      app.push(first.ms);
      appListen.push(first.listening);
      again.push(second.ms);
      base.push(baseMs);
      baseListen.push(baseListening);
    }
  }
  const appMs = median(app);
  const baselineMs = median(base);
  const againMs = median(again);
  const spread = (xs) => [round(Math.min(...xs)), round(Math.max(...xs))];
  const result = {
    appMs: round(appMs), baselineMs: round(baselineMs), ratio: round(appMs / baselineMs, 3), runs: RUNS,
    appListeningMs: round(median(appListen)), baselineListeningMs: round(median(baseListen)),
    appSpread: spread(app), baselineSpread: spread(base),
    secondStartMs: round(againMs), secondStartRatio: round(againMs / baselineMs, 3), secondStartSpread: spread(again),
  };
  ctx.log(`timeToInteractive: spawn → usable in Chromium: browser host ${result.appMs} ms (${result.appSpread.join('–')}; URL printed after ${result.appListeningMs} ms) vs a tiny static Node server ${result.baselineMs} ms (${result.baselineSpread.join('–')}; listening after ${result.baselineListeningMs} ms) (ratio ${result.ratio}, median of ${RUNS}; lower is better); a second start on the same data dir (the parsed course cached) ${result.secondStartMs} ms (${result.secondStartSpread.join('–')}; ratio ${result.secondStartRatio})`);
  return result;
}
