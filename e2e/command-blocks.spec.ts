// Command blocks through the UI in Chromium, against the lab's VMs: one-click runs with
// their exit status, heredocs arriving intact, variables, typing mode, the right host.
import { type Page, expect, test } from '@playwright/test';
import type { ApiClient } from '../common/api';
import { connectApi } from './helpers/api-client';
import { labExec } from './helpers/lab';
import { type Served, openApp, serve } from './helpers/serve';
import { configureLabHosts } from './helpers/setup-hosts';

test.describe.configure({ mode: 'serial' });

let served: Served;
let api: ApiClient & { close(): void };

test.beforeAll(async () => {
  // A clean slate in the VMs for the lessons used here.
  labExec('master', 'rm -rf /root/certificates /root/k8s-blocks-test');
  labExec('worker', "sed -i '/# k8s-from-scratch$/d' /etc/hosts");
  served = await serve();
  api = await connectApi(served.session);
  await configureLabHosts(api);
});
test.afterAll(async () => {
  api?.close();
  await served?.stop();
  labExec('master', 'rm -rf /root/certificates /root/k8s-blocks-test');
  labExec('worker', "sed -i '/# k8s-from-scratch$/d' /etc/hosts");
});
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { __tutorTerminalRenderer?: string }).__tutorTerminalRenderer = 'dom';
  });
});

function block(page: Page, title: string) {
  return page.getByTestId('command-block').filter({ hasText: title });
}

async function openLesson(page: Page, id: string) {
  await openApp(page, served);
  await page.getByTestId(`lesson-item-${id}`).click();
  await expect(page.getByTestId('lesson-view')).toBeVisible();
}

async function runAndWait(page: Page, title: string, expected: 'succeeded' | 'failed') {
  const b = block(page, title);
  await b.getByTestId('block-run').click();
  await expect(b).toHaveAttribute('data-run-state', expected, { timeout: 60_000 });
  return b;
}

test('variables show the VM’s real address', async ({ page }) => {
  await openLesson(page, 'set-up-the-nodes');
  const chip = page.getByTestId('variable-chip').and(page.locator('[data-variable="master.ip"]')).first();
  await expect(chip).toHaveAttribute('data-value', '10.77.0.10');
  await expect(chip).toContainText('10.77.0.10');
});

test('a multi-line heredoc block runs with one click and arrives byte-identical', async ({ page }, testInfo) => {
  await openLesson(page, 'certificate-authority');
  await runAndWait(page, 'Create the CA', 'succeeded');
  await openLesson(page, 'etcd');
  const b = await runAndWait(page, "Create etcd's certificate", 'succeeded');
  await expect(b.getByTestId('block-status')).toContainText(/s\b/); // a duration
  // Read back over a separate channel (not the terminal) and compare with the lesson's text.
  const onVm = labExec('master', 'cat /root/certificates/etcd.cnf');
  const lesson = (await api.getCourse()).course.lessons.find((l) => l.id === 'etcd')!;
  const code = lesson.blocks.find((x) => x.title === "Create etcd's certificate")!.code;
  const heredoc = /<<'EOF'\n([\s\S]*?)\nEOF/.exec(code)![1]!.replaceAll('{{master.ip}}', '10.77.0.10');
  expect(onVm).toBe(`${heredoc}\n`);
  await page.screenshot({ path: testInfo.outputPath('heredoc-block.png') });
});

test('a succeeding and a failing block are marked correctly', async ({ page }) => {
  await openLesson(page, 'etcd');
  // The binaries were never downloaded here: installing them must fail, visibly.
  const failed = await runAndWait(page, 'Install etcd and etcdctl', 'failed');
  await expect(failed.getByTestId('block-status')).toContainText(/exit code [1-9]/i);
  await expect(failed.getByTestId('block-tail')).toContainText(/No such file or directory/);
  await openLesson(page, 'certificate-authority');
  await runAndWait(page, 'Inspect and verify the CA', 'succeeded');
});

test('a block for the worker runs in the worker’s tab, not the master’s', async ({ page }) => {
  await openLesson(page, 'set-up-the-nodes');
  // Two blocks share this title (one per VM): click the worker's.
  const workerBlock = page.locator('[data-testid="command-block"][data-host="worker"]').filter({ hasText: 'Add both machines to /etc/hosts' });
  await workerBlock.getByTestId('block-run').click();
  await expect(workerBlock).toHaveAttribute('data-run-state', 'succeeded', { timeout: 60_000 });
  await expect(page.getByTestId('terminal-tab-worker')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('terminal-worker')).toContainText('10.77.0.11 kube-worker # k8s-from-scratch');
  expect(labExec('worker', 'cat /etc/hosts')).toContain('10.77.0.11 kube-worker # k8s-from-scratch');
});

test('a value with shell metacharacters is refused before anything runs', async ({ page }) => {
  await api.updateSettings({ variableOverrides: { certDir: '/root/k8s-blocks-test;touch /root/pwned' } });
  try {
    await openLesson(page, 'certificate-authority');
    const b = block(page, 'Create the CA');
    await expect(b.getByTestId('block-missing')).toContainText(/certDir/);
    await expect(b.getByTestId('block-run')).toBeDisabled();
    const lesson = (await api.getCourse()).course.lessons.find((l) => l.id === 'certificate-authority')!;
    await expect(api.runBlock(lesson.id, lesson.blocks[0]!.id)).rejects.toThrow(/certDir/);
    expect(labExec('master', 'ls /root/pwned /root/k8s-blocks-test 2>&1 || true')).toMatch(/No such file/);
  } finally {
    await api.updateSettings({ variableOverrides: {} });
  }
});

test('typing mode: typed commands mark the block done, and a typo shows a diff', async ({ page }, testInfo) => {
  await openLesson(page, 'certificate-authority');
  await page.getByTestId('typing-mode-toggle').click();
  const b = block(page, 'Inspect and verify the CA');
  await b.getByTestId('block-type-here').click();
  const term = page.getByTestId('terminal-master');
  await expect(page.getByTestId('terminal-tab-master')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  await term.click();
  await page.keyboard.type('cd /root/certificate');
  await page.keyboard.press('Enter');
  const diff = b.getByTestId('typing-diff');
  await expect(diff).toBeVisible({ timeout: 15_000 });
  await expect(diff.locator('[data-kind="missing"]')).toContainText('/root/certificates');
  await expect(diff.locator('[data-kind="extra"]')).toContainText('/root/certificate');
  await page.screenshot({ path: testInfo.outputPath('typing-diff.png') });
  for (const line of ['cd /root/certificates', 'ls -l ca.key ca.crt', "openssl x509 -in ca.crt -noout -text | grep -E 'Version|Public-Key|CA:'", 'openssl verify -x509_strict -CAfile ca.crt ca.crt']) {
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  }
  await expect(b).toContainText(/typed with corrections/i, { timeout: 15_000 });
  const progress = await api.getProgress();
  expect(Object.values(progress.lessons['certificate-authority']?.blocks ?? {}).some((x) => x.typed && x.corrected)).toBe(true);
  await page.getByTestId('typing-mode-toggle').click();
});
