// A copy block through the UI in Chromium, against the lab's VMs: the kubelet lesson's
// "Copy the kubelet's files to kube-worker" carries four files from kube-master to
// kube-worker over the app's own connections, and the worker's terminal shows each one's
// checksum test. certDir is overridden to a folder of this spec's own on both VMs (the
// files are openssl-made stand-ins), so nothing of a learner's /root/certificates is used.
import { expect, test } from '@playwright/test';
import type { ApiClient } from '../common/api';
import { connectApi } from './helpers/api-client';
import { labExec } from './helpers/lab';
import { type Served, openApp, serve } from './helpers/serve';
import { configureLabHosts } from './helpers/setup-hosts';

test.describe.configure({ mode: 'serial' });

const DIR = '/root/copy-block-e2e';
const FILES = ['ca.crt', 'kube-worker.crt', 'kube-worker.key', 'kube-worker.kubeconfig'];
let served: Served;
let api: ApiClient & { close(): void };

test.beforeAll(async () => {
  labExec('worker', `rm -rf ${DIR}`);
  labExec('master', `rm -rf ${DIR}; mkdir -p ${DIR} && cd ${DIR}
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -subj "/CN=KUBERNETES-CA" -days 1 -out ca.crt 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout kube-worker.key -subj "/CN=system:node:kube-worker/O=system:nodes" -days 1 -out kube-worker.crt 2>/dev/null
printf 'apiVersion: v1\\nkind: Config\\n' > kube-worker.kubeconfig
chmod 644 ca.crt kube-worker.crt kube-worker.kubeconfig; chmod 600 kube-worker.key`);
  served = await serve();
  api = await connectApi(served.session);
  await configureLabHosts(api);
  await api.updateSettings({ variableOverrides: { certDir: DIR } });
});
test.afterAll(async () => {
  await api?.updateSettings({ variableOverrides: {} }).catch(() => {});
  api?.close();
  await served?.stop();
  labExec('master', `rm -rf ${DIR}`);
  labExec('worker', `rm -rf ${DIR}`);
});
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { __tutorTerminalRenderer?: string }).__tutorTerminalRenderer = 'dom';
  });
});

test('the copy block carries the files to kube-worker and the worker’s terminal checks them', async ({ page }) => {
  await openApp(page, served);
  await page.getByTestId('lesson-item-kubelet').click();
  const block = page.getByTestId('command-block').filter({ hasText: "Copy the kubelet's files to kube-worker" });
  await expect(block).toHaveAttribute('data-host', 'worker');
  await expect(block.getByTestId('block-copy-route')).toContainText('from kube-master to kube-worker');
  await expect(block).toContainText(`${DIR}/kube-worker.key 0600`); // the list, with certDir filled in
  await block.getByTestId('block-run').click();
  await expect(block).toHaveAttribute('data-run-state', 'succeeded', { timeout: 60_000 });
  await expect(page.getByTestId('terminal-tab-worker')).toHaveAttribute('aria-selected', 'true');
  const terminal = page.getByTestId('terminal-worker');
  // The worker's terminal checks what arrived (the script's first lines, its comment among
  // them, scroll out of the small pane; its verdicts stay in view).
  for (const f of FILES) await expect(terminal).toContainText(`${DIR}/${f}: OK`);

  const sums = (role: 'master' | 'worker') => labExec(role, `cd ${DIR} && sha256sum ${FILES.join(' ')}`);
  expect(sums('worker')).toBe(sums('master'));
  expect(labExec('worker', `stat -c '%a %n' ${DIR} ${FILES.map((f) => `${DIR}/${f}`).join(' ')}`)).toBe(
    [`700 ${DIR}`, `644 ${DIR}/ca.crt`, `644 ${DIR}/kube-worker.crt`, `600 ${DIR}/kube-worker.key`, `600 ${DIR}/kube-worker.kubeconfig`].join('\n') + '\n',
  );
});

test('a file missing on kube-master stops the copy before anything is written, and says which', async ({ page }) => {
  labExec('worker', `rm -rf ${DIR}`);
  labExec('master', `rm -f ${DIR}/kube-worker.kubeconfig`);
  await openApp(page, served);
  await page.getByTestId('lesson-item-kubelet').click();
  const block = page.getByTestId('command-block').filter({ hasText: "Copy the kubelet's files to kube-worker" });
  await block.getByTestId('block-run').click();
  await expect(block).toContainText(`${DIR}/kube-worker.kubeconfig does not exist on kube-master`, { timeout: 60_000 });
  expect(labExec('worker', `ls ${DIR} 2>&1 || true`)).toMatch(/No such file/); // not even the three files listed before it
});
