// Blocks that survive a dropped link, in Chromium against the lab (issue #16): a course
// folder of its own whose blocks count for a while on kube-master; the master's link is cut
// (`lab.sh net master down`) while one runs and restored 20 s later. The block keeps running
// on the VM as a systemd unit; after the reconnect the terminal shows what it missed, each
// line once and in order, and the block gets its real status. Nothing is left on the VM.
// The terminal's text is read from the same `terminal:data` stream the page draws (its
// screen holds only the last rows). The link is always restored, in a finally.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Page, expect, test } from '@playwright/test';
import type { ApiClient } from '../common/api';
import { connectApi } from './helpers/api-client';
import { labExec, labNet } from './helpers/lab';
import { type Served, openApp, serve } from './helpers/serve';
import { configureLabHosts } from './helpers/setup-hosts';

test.describe.configure({ mode: 'serial' });

const count = (n: number, pause: number, status: number) => `for i in $(seq 1 ${n}); do echo "line $i of ${n}"; sleep ${pause}; done\nexit ${status}`;

function courseFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-dropped-link-'));
  writeFileSync(join(dir, 'course.yaml'), [
    'id: dropped-link', 'title: Dropped links', 'versions: { kubernetes: "1.24.10" }',
    'hosts:',
    '  - role: master', '    hostname: kube-master', '    minimum: { memoryMiB: 512, cpus: 1 }',
    '  - role: worker', '    hostname: kube-worker', '    minimum: { memoryMiB: 512, cpus: 1 }',
    'lessons:', '  - 01-long.md', '  - 02-run-all.md', '',
  ].join('\n'));
  writeFileSync(join(dir, '01-long.md'), [
    '---', 'id: long', 'title: A long block', 'section: A long block', '---', '# A long block', '',
    '```bash host=master title="Count for 40 s"', count(40, 1, 3), '```', '',
  ].join('\n'));
  writeFileSync(join(dir, '02-run-all.md'), [
    '---', 'id: run-all', 'title: Run all through a drop', 'section: Run all through a drop', '---', '# Run all through a drop', '',
    '```bash host=master title="Count for 8 s"', count(8, 1, 0), '```', '',
    '```bash host=master title="After the count"', 'echo "the next block ran"', '```', '',
  ].join('\n'));
  return dir;
}

let dir: string;
let served: Served;
let api: ApiClient & { close(): void };
/** Everything the master's terminals printed, as the page receives it. */
let received = '';

test.beforeAll(async () => {
  dir = courseFolder();
  served = await serve(['--course', dir]);
  api = await connectApi(served.session);
  await configureLabHosts(api, 'key');
  const utf8 = new TextDecoder();
  api.on('terminal:data', (e) => {
    received += utf8.decode(e.data, { stream: true });
  });
});
test.afterAll(async () => {
  labNet('master', 'up');
  api?.close();
  await served?.stop();
  rmSync(dir, { recursive: true, force: true });
});
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { __tutorTerminalRenderer?: string }).__tutorTerminalRenderer = 'dom';
  });
});

/** The terminal text as the learner reads it: no escapes, no carriage returns. */
// eslint-disable-next-line no-control-regex
const shown = () => received.replace(/\x1b\][^\x07]*\x07|\x1b\[[0-?]*[ -/]*[@-~]/g, '').replace(/\r/g, '');

function expectEveryLineOnceInOrder(n: number): void {
  // A line may follow a prompt: once in CI, after two reconnects in a row, a shell prompt
  // landed just before the re-attached follower's first line (the output itself was whole).
  const numbers = [...shown().matchAll(new RegExp(`^(?:\\S+@\\S+:\\S*# )?line (\\d+) of ${n}$`, 'gm'))].map((m) => Number(m[1]));
  expect(numbers, shown().slice(-3000)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
}

async function nothingLeftOnMaster(): Promise<void> {
  await expect.poll(() => labExec('master', `ls -A /run/k8s-tutor/blocks 2>/dev/null; systemctl list-units --all --no-legend 'k8s-tutor-block-*'; true`), { timeout: 15_000 }).toBe('');
}

function block(page: Page, title: string) {
  return page.getByTestId('command-block').filter({ hasText: title });
}

/** Cuts the master's link for `seconds`, once `ready` holds; always restores it. */
async function cutLink(page: Page, ready: () => boolean, seconds: number, whileDown: () => Promise<void>): Promise<void> {
  await expect.poll(ready, { timeout: 60_000 }).toBe(true);
  labNet('master', 'down');
  const restore = Date.now() + seconds * 1000;
  try {
    await whileDown();
    await page.waitForTimeout(Math.max(0, restore - Date.now()));
  } finally {
    labNet('master', 'up');
  }
}

test('a 40 s block survives a 20 s cut: its missed output arrives in order, it ends "exited 3", nothing is left', async ({ page }, testInfo) => {
  received = '';
  await openApp(page, served);
  await page.getByTestId('lesson-item-long').click();
  const b = block(page, 'Count for 40 s');
  await b.getByTestId('block-run').click();
  await expect(b).toHaveAttribute('data-run-state', 'running');
  await cutLink(page, () => shown().includes('line 3 of 40\n'), 20, async () => {
    // The app notices the drop (keepalives, ~15 s) and says the block goes on on the VM.
    await expect(b.getByTestId('block-status')).toContainText('the block keeps running there', { timeout: 20_000 });
    await expect(b).toHaveAttribute('data-run-state', 'running');
    await page.screenshot({ path: testInfo.outputPath('link-down.png') });
  });
  await expect(b).toHaveAttribute('data-run-state', 'failed', { timeout: 90_000 });
  await expect(b.getByTestId('block-status')).toContainText('Failed with exit code 3');
  expectEveryLineOnceInOrder(40);
  await expect(page.getByTestId('terminal-master')).toContainText('line 40 of 40');
  await page.screenshot({ path: testInfo.outputPath('after-reconnect.png') });
  await nothingLeftOnMaster();
});

test('Run all: a block that ends while the link is down gets its status after the reconnect, and the next block runs', async ({ page }) => {
  received = '';
  await openApp(page, served);
  await page.getByTestId('lesson-item-run-all').click();
  await page.getByTestId('lesson-run-all').click();
  const first = block(page, 'Count for 8 s');
  await cutLink(page, () => shown().includes('line 2 of 8\n'), 20, async () => {
    await expect(first.getByTestId('block-status')).toContainText('the block keeps running there', { timeout: 20_000 });
  });
  await expect(first).toHaveAttribute('data-run-state', 'succeeded', { timeout: 90_000 });
  expectEveryLineOnceInOrder(8);
  const next = block(page, 'After the count');
  await expect(next).toHaveAttribute('data-run-state', 'succeeded', { timeout: 60_000 });
  expect(shown()).toMatch(/^the next block ran$/m);
  await nothingLeftOnMaster();
});
