// Dev aid: screenshots of the terminal panel (harness page, or the app once it mounts
// the panel) in light and dark. `node bench/shots.mjs [outDir]` (default /tmp/term-shots).
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { buildHarness, routeHarness } from './lib/harness.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH, startHost } from './lib/host.mjs';

const outDir = process.argv[2] ?? '/tmp/term-shots';
await mkdir(outDir, { recursive: true });
const work = await mkdtemp(join(tmpdir(), 'term-shots-'));
const host = await startHost({ dataDir: join(work, 'data') });
// The harness is a routed page: Chromium's local-network checks would block its WebSocket.
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--disable-features=LocalNetworkAccessChecks'] });
try {
  // One context for both themes: the printed URL's token signs in once (the first page).
  const context = await browser.newContext({ viewport: { width: 1200, height: 720 } });
  let url = host.url;
  for (const theme of ['light', 'dark']) {
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log(`[${theme}] console.${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => console.log(`[${theme}] pageerror: ${e.message}`));
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(url);
    url = `${host.origin}/`;
    if (!(await page.getByTestId('terminal-panel').isVisible().catch(() => false))) {
      await page.getByTestId('terminal-panel').waitFor({ timeout: 8000 }).catch(async () => {
        console.log('the app does not show the panel: using bench/harness');
        await buildHarness(join(work, 'harness'));
        const url = await routeHarness(page, host.origin, join(work, 'harness'));
        await page.goto(`${url}?theme=${theme}`);
        await page.getByTestId('terminal-panel').waitFor();
      });
    }
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(outDir, `${theme}-first.png`) });
    await page.getByTestId('terminal-tab-local').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="terminal-tab-local"]')?.getAttribute('data-state') === 'connected', null, { timeout: 15_000 }).catch(() => {});
    await page.waitForTimeout(800);
    await page.getByTestId('terminal-local').click();
    await page.keyboard.type("printf '\\e[31mred \\e[32mgreen \\e[33myellow \\e[34mblue \\e[35mmagenta \\e[36mcyan \\e[1mbold\\e[0m  日本語 ✓ https://kubernetes.io/docs\\n'; ls --color=always -la /etc | head -20\n");
    await page.waitForTimeout(1200);
    await page.screenshot({ path: join(outDir, `${theme}-local.png`) });
    await page.keyboard.press('Control+Shift+F');
    await page.keyboard.type('conf');
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(outDir, `${theme}-search.png`) });
    console.log(theme, await page.evaluate(() => JSON.stringify(window.__tutorTerminalStats)));
    await page.close();
  }
} finally {
  await browser.close();
  await host.stop();
  await rm(work, { recursive: true, force: true });
}
console.log(`screenshots in ${outDir}`);
