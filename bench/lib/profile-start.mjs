// `node bench/lib/profile-start.mjs [--runs N] [--cpu-prof DIR]`: where timeToInteractive's
// time goes. Starts the browser host as the bench does (fresh data dir, the bench's HOME)
// and opens it in Chromium, then prints per run, in ms from the spawn: the URL printed, the
// page's response and DOMContentLoaded, the renderer's scripts fetched (and their size),
// the WebSocket opened, the course and the progress answered, and "usable" (the bench's
// criterion). --same-data-dir starts every run on the first run's data dir (the course
// cached from the second run on). --cpu-prof writes the host's CPU profile (node --cpu-prof) to DIR.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, startHost } from './host.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, 'cpu-prof': { type: 'string' }, 'same-data-dir': { type: 'boolean', default: false } } });
const work = mkdtempSync(join(tmpdir(), 'tutor-start-'));
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const appReady = () => {
  const first = document.querySelector('[data-testid="lesson-list"] [data-testid^="lesson-item-"]');
  return document.readyState === 'complete' && first?.getAttribute('data-state') === 'open' && !first.disabled
    && !!document.querySelector('#lesson-content #lesson-title') && !!document.querySelector('#lesson-content button:not([disabled])');
};
const r = (n) => Math.round(n);
for (let i = 0; i < Number(values.runs); i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const marks = {};
  let t0 = 0;
  const at = () => r(performance.now() - t0);
  // In the page, on the page's clock (epoch ms, turned into ms from the spawn below).
  await page.addInitScript(() => {
    const m = (window.__startMarks = {});
    const now = () => performance.timeOrigin + performance.now();
    m.navStart = performance.timeOrigin;
    const Real = window.WebSocket;
    window.WebSocket = class extends Real {
      constructor(...a) {
        super(...a);
        const send = this.send.bind(this);
        this.send = (d) => { (m.sent ??= []).push([now(), String(d).slice(0, 70).replace(/"/g, '')]); send(d); };
        m.wsCreated ??= now();
        this.addEventListener('open', () => (m.wsOpen ??= now()));
        this.addEventListener('message', (e) => {
          m.firstMessage ??= now();
          if (typeof e.data === 'string') (m.messages ??= []).push([now(), e.data.slice(0, 60).replace(/"/g, ''), e.data.length]);
          if (typeof e.data === 'string' && e.data.includes('"segments"')) m.courseMessage ??= now();
        });
      }
    };
    document.addEventListener('DOMContentLoaded', () => (m.dcl = now()));
    new MutationObserver(() => {
      if (!m.firstPaintable && document.querySelector('#root > *')) m.firstPaintable = now();
      if (!m.shell && document.querySelector('.app')) m.shell = now();
      if (!m.lessonList && document.querySelector('[data-testid="lesson-list"] [data-testid^="lesson-item-"]')) m.lessonList = now();
      if (!m.title && document.querySelector('#lesson-content #lesson-title')) m.title = now();
    }).observe(document, { childList: true, subtree: true });
  });
  const nodeArgs = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']] : [];
  t0 = performance.now();
  const epoch0 = Date.now();
  const host = await startHost({ dataDir: join(work, values['same-data-dir'] ? 'd' : `d${i}`), home: join(work, 'home'), nodeArgs });
  marks.url = at();
  await page.goto(host.url);
  marks.load = at();
  await page.waitForFunction(appReady, null, { polling: 'raf', timeout: 60_000 });
  marks.usable = at();
  const inPage = await page.evaluate(() => ({
    ...window.__startMarks,
    resources: performance.getEntriesByType('resource').map((e) => ({ name: e.name.split('/').pop(), start: performance.timeOrigin + e.startTime, end: performance.timeOrigin + e.responseEnd, kB: Math.round(e.decodedBodySize / 1000) })),
  }));
  const fromSpawn = (t) => r(t - epoch0);
  const page_ = Object.fromEntries(Object.entries(inPage).filter(([k]) => !['resources', 'messages', 'sent'].includes(k)).map(([k, v]) => [k, fromSpawn(v)]));
  const resources = inPage.resources.map((x) => `${x.name} ${x.kB} kB ${fromSpawn(x.start)}→${fromSpawn(x.end)}`);
  const io = [...(inPage.sent ?? []).map(([t, x]) => [fromSpawn(t), `→ ${x}`]), ...(inPage.messages ?? []).map(([t, x, n]) => [fromSpawn(t), `← ${x} (${n})`])].sort((a, b) => a[0] - b[0]).filter(([t]) => t <= marks.usable + 50).map(([t, x]) => `${t} ${x}`);
  console.log(JSON.stringify({ run: i, ...marks, ...page_, resources, io, load1: (await import('node:os')).loadavg()[0].toFixed(2) }));
  await context.close();
  await host.stop();
}
await browser.close();
