// The browser host end to end: `npm run serve`, the printed URL in Debian's Chromium, the
// lesson list, a lesson with a command block and its host badge.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { type Served, openApp, serve } from './helpers/serve';

let served: Served;
test.beforeAll(async () => {
  served = await serve();
});
test.afterAll(async () => served?.stop());

test('prints one URL on 127.0.0.1 whose token signs in once, then leaves the address bar', async ({ page }) => {
  const fresh = await serve([], undefined, undefined, { signIn: false });
  try {
    expect(fresh.printedUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32,}$/);
    await page.goto(fresh.printedUrl);
    await expect(page).toHaveURL(`${fresh.url}`); // the token left the address bar
    await expect(page.getByTestId('lesson-list')).toBeVisible();
    // The same link again, from a browser without the session: the token is spent.
    const other = await page.context().browser()!.newContext();
    const res = await (await other.newPage()).goto(fresh.printedUrl);
    expect(res?.status()).toBe(401);
    expect(await res?.text()).toContain('already used');
    await other.close();
  } finally {
    await fresh.stop();
  }
});

test('a learner sees the lessons, opens one, and sees a command block with its host', async ({ page }, testInfo) => {
  await openApp(page, served);
  const list = page.getByTestId('lesson-list');
  await expect(list).toBeVisible();
  await expect(page.getByTestId('lesson-item-what-is-kubernetes')).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('lesson-item-set-up-the-nodes')).toHaveAttribute('data-state', 'locked');
  await page.screenshot({ path: testInfo.outputPath('lesson-list.png'), fullPage: true });

  await page.getByTestId('lesson-item-set-up-the-nodes').click();
  const view = page.getByTestId('lesson-view');
  await expect(view.getByRole('heading', { level: 1 })).toContainText(/set up the nodes/i);
  const block = view.getByTestId('command-block').first();
  await expect(block).toBeVisible();
  const host = await block.getAttribute('data-host');
  expect(['master', 'worker']).toContain(host);
  await expect(block.getByTestId('host-badge')).toContainText(host === 'master' ? /kube-master|master/ : /kube-worker|worker/);
  await page.screenshot({ path: testInfo.outputPath('command-block.png'), fullPage: true });
});

test('marking a lesson without checks as done opens the next one, and survives a restart', async ({ page }) => {
  await openApp(page, served);
  await page.getByTestId('lesson-item-what-is-kubernetes').click();
  await page.getByRole('button', { name: /mark as done/i }).click();
  await expect(page.getByTestId('lesson-item-what-is-kubernetes')).toHaveAttribute('data-state', 'passed');
  await expect(page.getByTestId('lesson-item-cluster-architecture')).toHaveAttribute('data-state', 'open');

  await served.stop();
  served = await serve([], served.dataDir);
  await openApp(page, served);
  await expect(page.getByTestId('lesson-item-what-is-kubernetes')).toHaveAttribute('data-state', 'passed');
});

test('a page without the session is refused', async ({ page }) => {
  const res = await page.goto(served.url);
  expect(res?.status()).toBe(401);
});

test('the browser host restarts under an open page: the page reconnects by itself, with its terminal', async ({ page }) => {
  // xterm's DOM renderer puts the screen's text where assertions can read it.
  await page.addInitScript(() => {
    (window as unknown as { __tutorTerminalRenderer?: string }).__tutorTerminalRenderer = 'dom';
  });
  const dataDir = served.dataDir;
  await served.stop();
  served = await serve([], dataDir, undefined, { port: served.port });
  await openApp(page, served);
  const tab = page.getByTestId('terminal-tab-local');
  await tab.click();
  await expect(tab).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  await page.getByTestId('terminal-local').click();
  await page.keyboard.type('echo before-$((6*7))');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('terminal-local')).toContainText('before-42', { timeout: 15_000 });

  // Same port and data dir: the page's session cookie is still good; no new sign-in, and
  // no reload (this mark would be gone).
  await page.evaluate(() => ((window as unknown as { __samePage?: boolean }).__samePage = true));
  await served.stop();
  await expect(page.getByTestId('connection-status')).toContainText(/reconnecting/i);
  const { session } = served;
  served = { ...(await serve([], dataDir, undefined, { port: served.port, signIn: false })), session, url: session.url };
  await expect(page.getByTestId('connection-status')).toHaveCount(0, { timeout: 30_000 });
  // The old shell died with the old process: the tab has a new one, usable at once.
  await expect(tab).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  await page.getByTestId('terminal-local').click();
  await page.keyboard.type('echo after-$((6*7))');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('terminal-local')).toContainText('after-42', { timeout: 15_000 });
  await expect(page.getByTestId('terminal-local')).toContainText('the app restarted: a new shell');
  expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
});

// (eval is not tried here: DevTools-protocol evaluation is exempt from CSP; common/csp.test.ts
// asserts the policy has no 'unsafe-eval'.)
test('the page\'s CSP stops injected inline script and foreign connections in Chromium', async ({ page }) => {
  const violations: string[] = [];
  await page.exposeFunction('__reportViolation', (d: string) => violations.push(d));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __reportViolation(d: string): void }).__reportViolation(e.effectiveDirective));
  });
  await openApp(page, served);
  await expect(page.getByTestId('lesson-list')).toBeVisible();
  const outcome = await page.evaluate(async () => {
    const w = window as unknown as { __injected?: boolean };
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.head.append(s);
    let fetched = true;
    try {
      await fetch('http://198.51.100.1/x');
    } catch {
      fetched = false;
    }
    return { injected: w.__injected === true, fetched };
  });
  expect(outcome).toEqual({ injected: false, fetched: false });
  await expect.poll(() => [...new Set(violations)].sort()).toEqual(['connect-src', 'script-src-elem']);
});

test('a learner changes a course value in Hosts, the lessons\' commands use it, and a shell character is refused', async ({ page }, testInfo) => {
  await openApp(page, served);
  await page.getByTestId('open-hosts').click();
  const values = page.getByTestId('course-values');
  await values.locator('summary').click();
  await expect(values).toContainText('all defaults');
  // Only what every lesson uses through {{…}} is offered; the address ranges are not.
  await expect(page.getByTestId('course-value-clusterCidr')).toHaveCount(0);
  const certDir = page.getByTestId('course-value-certDir');
  await expect(certDir).toHaveValue('/root/certificates');

  await certDir.fill('/root/pki; reboot');
  await expect(page.getByTestId('course-value-error-certDir')).toContainText('is not plain text without spaces or shell characters');
  await expect(page.getByTestId('course-values-save')).toBeDisabled();

  await certDir.fill('/root/pki');
  await page.getByTestId('course-values-save').click();
  await expect(values).toContainText('Saved. Commands show the new values.');
  await expect(values).toContainText('1 changed');
  await page.screenshot({ path: testInfo.outputPath('course-values.png'), fullPage: true });

  await page.getByTestId('lesson-item-certificate-authority').click();
  const chip = page.getByTestId('lesson-view').locator('[data-testid="variable-chip"][data-variable="certDir"]').first();
  await expect(chip).toHaveAttribute('data-value', '/root/pki');

  // Back to the default: the override is gone from progress, and so from the commands.
  await page.getByTestId('open-hosts').click();
  await page.getByTestId('course-values').locator('summary').click();
  await page.getByTestId('course-value-certDir').fill('/root/certificates');
  await page.getByTestId('course-values-save').click();
  await expect(page.getByTestId('course-values')).toContainText('all defaults');
  const progress = JSON.parse(readFileSync(join(served.dataDir, 'progress-kubernetes-from-scratch.json'), 'utf8')) as { settings: { variableOverrides?: Record<string, string> } };
  expect(progress.settings.variableOverrides ?? {}).toEqual({});
});

test('the "system" theme follows the OS, also when it changes while the app is open', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openApp(page, served);
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const dark = await background();
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(html).toHaveAttribute('data-theme', 'light');
  expect(await background()).not.toBe(dark);
});
