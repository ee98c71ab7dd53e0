// `npx tsx bench/lib/profile-flood.mjs [--renderer dom|webgl] [--mb N] [--compositing gpu|software]`: a CPU profile of the
// page (CDP Profiler) while a file is cat-ed in the Local shell, summarised by self time
// per function and per script, plus the share of idle time. For docs/benchmarks.md.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { addSessionCookie, connectApi, signIn } from '../../e2e/helpers/api-client.ts';
import { CHROMIUM_PATH, chromiumArgs, startHost } from './host.mjs';
import { benchText } from './source.mjs';

const { values: opts } = parseArgs({ options: { renderer: { type: 'string', default: 'webgl' }, mb: { type: 'string', default: '8' }, out: { type: 'string' }, trace: { type: 'string' }, 'core-prof': { type: 'string' }, compositing: { type: 'string', default: 'software' } } });
const work = await mkdtemp(join(tmpdir(), 'tutor-prof-'));
const file = join(work, 'flood.txt');
await writeFile(file, benchText(Number(opts.mb) * 2 ** 20));
// --core-prof DIR: the browser host runs with node --cpu-prof, its profile written there on exit.
const nodeArgs = opts['core-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${opts['core-prof']}`] : [];
const host = await startHost({ dataDir: join(work, 'data'), home: join(work, 'home'), nodeArgs });
const session = await signIn(host.url);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs(opts.compositing) });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await addSessionCookie(page.context(), session);
  if (opts.renderer === 'dom') await page.addInitScript(() => { window.__tutorTerminalRenderer = 'dom'; });
  await page.goto(session.url);
  await page.getByTestId('terminal-tab-local').click();
  await page.waitForFunction(() => (window.__tutorTerminalStats?.local?.chars ?? 0) > 0, null, { timeout: 30_000 });
  await page.waitForTimeout(1000);
  await page.getByTestId('terminal-local').click();
  await page.keyboard.type(`stty -echo; cat '${file}'; echo PROF_$((1+1))_END; stty echo`);
  await page.waitForTimeout(500);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  if (opts.trace) await browser.startTracing(page, { path: opts.trace, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'gpu', 'blink', 'v8'] });
  // Core's side of the flow control, sampled during the flood: paused means the page is
  // behind (core holds output back); not paused with little unacked means the page waits.
  const api = await connectApi(session);
  const id = (await api.listTerminals()).find((t) => t.target === 'local')?.terminalId;
  const samples = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const s = await api.terminalStats(id);
      samples.push(s);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  const t0 = Date.now();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.__tutorTerminalStats?.local?.tail.includes('PROF_2_END'), null, { timeout: 600_000, polling: 50 });
  const wall = Date.now() - t0;
  sampling = false;
  await sampler;
  api.close();
  const paused = samples.filter((x) => x.paused).length / samples.length;
  const meanUnacked = samples.reduce((a, x) => a + x.unacked, 0) / samples.length;
  console.log(`core during the flood: ${samples.length} samples, paused ${(100 * paused).toFixed(0)} %, mean unacked ${Math.round(meanUnacked)} bytes (high watermark ${samples[0]?.highWatermark})`);
  const { profile } = await cdp.send('Profiler.stop');
  if (opts.trace) await browser.stopTracing();
  const renderer = await page.evaluate(() => window.__tutorTerminalStats.local.renderer);
  if (opts.out) await writeFile(opts.out, JSON.stringify(profile));
  // Self time per node from the samples.
  const dt = new Map();
  for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  const total = [...dt.values()].reduce((a, b) => a + b, 0);
  const byFn = new Map();
  const byScript = new Map();
  for (const node of profile.nodes) {
    const t = dt.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    const script = url ? url.split('/').pop() : `(${functionName || 'anonymous'})`;
    const key = `${functionName || '(anonymous)'} ${script}:${lineNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + t);
    byScript.set(script, (byScript.get(script) ?? 0) + t);
  }
  const pct = (t) => `${((100 * t) / total).toFixed(1)}%`;
  console.log(`renderer ${renderer}, ${opts.mb} MB in ${wall} ms, profile ${(total / 1000).toFixed(0)} ms`);
  console.log('by script:');
  for (const [k, t] of [...byScript].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${pct(t).padStart(6)}  ${k}`);
  console.log('by function (self):');
  for (const [k, t] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${pct(t).padStart(6)}  ${k}`);
} finally {
  await browser.close();
  await host.stop();
  await rm(work, { recursive: true, force: true });
}
