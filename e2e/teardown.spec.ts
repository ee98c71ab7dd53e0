// The teardown page ("Take it all down", front matter `teardown: true`) in Chromium against
// the browser host, without the lab: it is open from the start (outside the course order)
// and not counted in the progress, its blocks have no Run button of their own, and its one
// button shows every command for both machines, with the values filled in; Cancel runs
// nothing. Confirming starts the run (which, with no hosts set up here, cannot reach them).
import { expect, test } from '@playwright/test';
import type { ApiClient } from '../common/api';
import { connectApi } from './helpers/api-client';
import { type Served, openApp, serve } from './helpers/serve';

let served: Served;
let api: ApiClient & { close(): void };

test.beforeAll(async () => {
  served = await serve();
  api = await connectApi(served.session);
});
test.afterAll(async () => {
  api?.close();
  await served?.stop();
});

test('the teardown page lists every command on both machines; Cancel runs nothing, Confirm starts the run', async ({ page }, testInfo) => {
  const { course } = await api.getCourse();
  const teardown = course.lessons.find((l) => l.teardown);
  expect(teardown?.id).toBe('take-it-all-down');
  const blocks = teardown!.blocks;

  await openApp(page, served);
  // Open at once, although nothing before it has passed; not part of "N of M".
  const item = page.getByTestId(`lesson-item-${teardown!.id}`);
  await expect(item).not.toHaveAttribute('data-state', 'locked');
  await expect(page.locator('.course-progress__text')).toHaveText(`0 of ${course.lessons.length - 1} lessons passed`);
  await item.click();

  // Its blocks run only together: no Run button on any of them, no "Run all", no catch-up.
  await expect(page.getByTestId('command-block')).toHaveCount(blocks.length);
  await expect(page.getByTestId('block-run')).toHaveCount(0);
  await expect(page.getByTestId('block-teardown-note')).toHaveCount(blocks.length);
  await expect(page.getByTestId('lesson-run-all')).toHaveCount(0);
  await expect(page.getByTestId('lesson-catch-up')).toHaveCount(0);

  await page.getByTestId('lesson-teardown').click();
  const dialog = page.getByTestId('teardown-dialog');
  await expect(dialog).toBeVisible();
  // Every block, grouped by machine, in the page's order; the values filled in.
  const hosts = dialog.getByTestId('teardown-host');
  await expect(hosts).toHaveCount(2);
  await expect(hosts.nth(0)).toHaveAttribute('data-host', 'worker');
  await expect(hosts.nth(1)).toHaveAttribute('data-host', 'master');
  const steps = dialog.getByTestId('teardown-step');
  await expect(steps).toHaveCount(blocks.length);
  const shown = await steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-block-id')));
  const byHost = [...blocks.filter((b) => b.host === 'worker'), ...blocks.filter((b) => b.host === 'master')].map((b) => b.id);
  expect(shown).toEqual(byHost);
  await expect(dialog).toContainText('rm -rf /var/lib/etcd');
  await expect(dialog).toContainText('rm -rf /root/certificates /root/binaries');
  await expect(dialog).toContainText('ip route del 10.200.1.0/24');
  await expect(dialog).not.toContainText('{{');
  await page.screenshot({ path: testInfo.outputPath('teardown-confirmation.png') });

  // Cancel: nothing ran, nothing was opened.
  await dialog.getByTestId('teardown-cancel').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('lesson-sequence')).toHaveCount(0);
  // (The window's own Local terminal is always there; no terminal to a VM was opened.)
  expect((await api.listTerminals()).filter((t) => t.target !== 'local')).toEqual([]);
  for (const b of await page.getByTestId('command-block').all()) await expect(b).toHaveAttribute('data-run-state', 'idle');

  // Escape cancels too.
  await page.getByTestId('lesson-teardown').click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('lesson-sequence')).toHaveCount(0);

  // Confirm: the whole page starts as one run.
  await page.getByTestId('lesson-teardown').click();
  await dialog.getByTestId('teardown-confirm').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('lesson-sequence')).toHaveAttribute('data-kind', 'lesson');
  await expect(page.getByTestId('lesson-sequence')).toHaveAttribute('data-total', String(blocks.length));
});
