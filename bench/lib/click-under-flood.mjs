// clickUnderFlood: how fast the real UI (Chromium, browser host) answers a click on a
// lesson in the sidebar while the master's terminal floods (`head -c 200000000
// /dev/urandom | base64`, ~270 MB of output, far more than the run lasts), against the
// same clicks with the terminal idle, in the same run.
//
// A click's latency runs from the pointerdown event's own timestamp (when Chromium took
// the input, so time the event spent queued behind a busy main thread counts) to the
// first animation frame in which the clicked lesson's heading (#lesson-title) shows its
// title and its sidebar item is current, i.e. when the learner can see the answer.
// Measured in the page, so Playwright's own round trips do not count. Lessons are clicked
// in turn, CLICKS times each way, after one warm-up round; medians, p95 and max are
// reported, and flood / idle ratios (lower is better; 1 means the flood costs nothing).
// Once with the WebGL renderer (what learners get; the figure fails if the terminal is not
// on WebGL) and once with the DOM renderer, with software compositing, then with WebGL and
// GPU compositing on SwiftShader (bench/lib/renderers.mjs), each against its own idle clicks.
// Needs the e2e lab (npm run lab -- up).
import { connectApi } from '../../e2e/helpers/api-client.ts';
import { configureLabHosts } from '../../e2e/helpers/setup-hosts.ts';
import { median } from './median.mjs';
import { assertRenderer, configurationsOf } from './renderers.mjs';

const CLICKS = 25;
const LESSONS = ['what-is-kubernetes', 'cluster-architecture', 'set-up-the-nodes'];
const FLOOD = 'head -c 200000000 /dev/urandom | base64';
const round = (n, d = 1) => Number(n.toFixed(d));
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

async function clicks(page, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const id = LESSONS[i % LESSONS.length];
    const item = page.getByTestId(`lesson-item-${id}`);
    // Start on another lesson, so that each click changes the current one.
    if ((await item.getAttribute('aria-current')) === 'page') continue;
    await page.evaluate((testId) => {
      const probe = (window.__benchClickProbe = { start: 0, end: 0 });
      const item = document.querySelector(`[data-testid="${testId}"]`);
      const title = item?.querySelector('.lesson-item__title')?.firstChild?.textContent?.trim() ?? '';
      if (!title) throw new Error(`no title in ${testId}`);
      document.addEventListener('pointerdown', (e) => {
        probe.start = e.timeStamp;
        const seen = () => {
          const heading = document.getElementById('lesson-title')?.textContent ?? '';
          if (item.getAttribute('aria-current') === 'page' && heading.includes(title)) probe.end = performance.now();
          else requestAnimationFrame(seen);
        };
        requestAnimationFrame(seen);
      }, { capture: true, once: true });
    }, `lesson-item-${id}`);
    await item.click({ timeout: 60_000 });
    await page.waitForFunction(() => window.__benchClickProbe.end > 0, null, { timeout: 60_000 });
    out.push(await page.evaluate(() => window.__benchClickProbe.end - window.__benchClickProbe.start));
  }
  return out;
}

const summary = (xs) => ({ medianMs: round(median(xs)), p95Ms: round(p95(xs)), maxMs: round(Math.max(...xs)), clicks: xs.length });

export async function clickUnderFlood(ctx) {
  const api = await connectApi(ctx.session);
  try {
    await configureLabHosts(api, 'key');
    const result = {};
    for (const config of configurationsOf(ctx.opts)) result[config.key] = await underFlood(ctx, api, config);
    // The headline: WebGL's when measured.
    const main = result.webgl ?? result.webglGpu ?? result.dom;
    Object.assign(result, { renderer: main.renderer, p95Ms: main.flood.p95Ms, maxMs: main.flood.maxMs, idleP95Ms: main.idle.p95Ms, p95Ratio: main.p95Ratio, maxRatio: main.maxRatio });
    return result;
  } finally {
    api.close();
  }
}

async function underFlood(ctx, api, { key, renderer, compositing }) {
  let page;
  try {
    page = await ctx.newPage(compositing);
    if (renderer === 'dom') await page.addInitScript(() => { window.__tutorTerminalRenderer = 'dom'; });
    await page.goto(ctx.session.url);
    const tab = page.getByTestId('terminal-tab-master');
    await tab.click({ timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="terminal-tab-master"]')?.getAttribute('data-state') === 'connected', null, { timeout: 30_000 });
    await page.waitForFunction(() => window.__tutorTerminalStats?.master?.renderer !== undefined, null, { timeout: 30_000 });
    await assertRenderer(page, 'master', renderer);
    await clicks(page, LESSONS.length); // warm-up

    const idle = await clicks(page, CLICKS);
    await page.getByTestId('terminal-master').click();
    await page.keyboard.type(FLOOD);
    await page.keyboard.press('Enter');
    const id = await page.getByTestId('terminal-master').getAttribute('data-terminal-id');
    // The flood is on once output is in flight faster than the page acknowledges it.
    const deadline = Date.now() + 60_000;
    while ((await api.terminalStats(id)).unacked < 50_000) {
      if (Date.now() > deadline) throw new Error('clickUnderFlood: the flood never started');
      await new Promise((r) => setTimeout(r, 100));
    }
    let flood;
    try {
      flood = await clicks(page, CLICKS);
    } finally {
      await page.getByTestId('terminal-master').click();
      await page.keyboard.press('Control+C');
    }
    await assertRenderer(page, 'master', renderer);
    const stats = await api.terminalStats(id);
    const result = {
      renderer,
      compositing,
      idle: summary(idle),
      flood: summary(flood),
      p95Ratio: round(p95(flood) / p95(idle), 2),
      maxRatio: round(Math.max(...flood) / Math.max(...idle), 2),
      maxUnacked: stats.maxUnacked,
      highWatermark: stats.highWatermark,
    };
    ctx.log(`clickUnderFlood (${key}: ${renderer}, ${compositing} compositing): a click on a lesson → its heading shown, while the master terminal floods: median ${result.flood.medianMs} ms, p95 ${result.flood.p95Ms} ms, max ${result.flood.maxMs} ms; idle: median ${result.idle.medianMs} ms, p95 ${result.idle.p95Ms} ms, max ${result.idle.maxMs} ms (p95 ratio ${result.p95Ratio}, max ratio ${result.maxRatio}; ${CLICKS} clicks each; lower is better)`);
    // Let the stopped flood's last output drain before the next page opens.
    await page.waitForTimeout(2000);
    return result;
  } finally {
    await page?.close();
  }
}
