// A mixed pair against the lab: kube-worker reports arm64 through a stand-in `uname`
// (e2e/helpers/lab.ts; the lab's VMs are amd64 and this machine cannot run arm64 ones),
// kube-master stays amd64. Test connection reads each VM's architecture, the lesson's
// commands name each VM's own archives, the offline panel lists, imports and uploads the
// arm64 ones for the worker and the amd64 ones for the master, and lesson 05's own checks
// verify them on the VMs under those names. Every file this spec puts on the VMs is removed
// again, and the stand-in uname with it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { ApiClient } from '../common/api';
import { connectApi } from './helpers/api-client';
import { labExec, labPretendMachine, labVariableOverrides } from './helpers/lab';
import { importAndUploadArchives } from './helpers/lab-course';
import { type Served, openApp, serve } from './helpers/serve';
import { configureLabHosts } from './helpers/setup-hosts';

test.describe.configure({ mode: 'serial' });

const LAB = join(import.meta.dirname, 'lab', 'lab.sh');
const LESSON = 'download-binaries';
const MASTER_FILES = ['kubernetes-server-linux-amd64.tar.gz', 'etcd-v3.4.23-linux-amd64.tar.gz'];
const WORKER_FILES = ['kubernetes-node-linux-arm64.tar.gz', 'crictl-v1.24.2-linux-arm64.tar.gz'];
/** The archives, their checksum files and leftovers of an interrupted upload; /root/binaries only if it is then empty. */
const clean = (files: string[]) => `cd /root/binaries 2>/dev/null && rm -f ${files.flatMap((f) => [f, `${f}.sha256`, `${f}.sha512`, `${f}.part`]).join(' ')}; rmdir /root/binaries 2>/dev/null; true`;

let served: Served;
let api: ApiClient & { close(): void };
let archives: string;

function cleanVms(): void {
  labExec('master', clean(MASTER_FILES));
  labExec('worker', clean(WORKER_FILES));
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  labPretendMachine('worker', 'aarch64');
  cleanVms();
  archives = mkdtempSync(join(tmpdir(), 'e2e-arm64-archives-'));
  // Both architectures in one folder, as a learner with a mixed pair would download them.
  for (const arch of ['amd64', 'arm64']) execFileSync('bash', [LAB, 'artifacts', '--with-standins', '--arch', arch, archives], { stdio: ['ignore', 'ignore', 'inherit'] });
  served = await serve();
  api = await connectApi(served.session);
  await configureLabHosts(api, 'key'); // runs Test connection on both VMs
  await api.updateSettings({ variableOverrides: labVariableOverrides() });
});

test.afterAll(async () => {
  api?.close();
  await served?.stop();
  try {
    cleanVms();
  } finally {
    labPretendMachine('worker', null);
    if (archives) rmSync(archives, { recursive: true, force: true });
  }
});

test('Test connection reads each VM\'s architecture: amd64 master, arm64 worker', async () => {
  expect(labExec('worker', 'uname -m').trim()).toBe('aarch64'); // the stand-in is in place
  const worker = await api.testHost('worker');
  expect(worker.facts).toMatchObject({ machine: 'aarch64', arch: 'arm64' });
  expect(worker.steps.find((s) => s.id === 'arch')).toMatchObject({ status: 'pass', detail: expect.stringContaining('arm64 release archives') });
  expect((await api.testHost('master')).facts).toMatchObject({ machine: 'x86_64', arch: 'amd64' });
  expect((await api.listHosts()).map((h) => [h.role, h.arch])).toEqual([['master', 'amd64'], ['worker', 'arm64']]);
  const values = await api.getVariables();
  expect(values.find((v) => v.name === 'worker.arch')).toMatchObject({ value: 'arm64' });
  expect(values.find((v) => v.name === 'master.arch')).toMatchObject({ value: 'amd64' });
});

test('the lesson\'s commands name each VM\'s archives; the panel imports and uploads arm64 for the worker, amd64 for the master; lesson 05 verifies them', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await openApp(page, served);
  await page.getByTestId(`lesson-item-${LESSON}`).click();

  // The commands, as the lesson shows them with the values filled in.
  const blocks = page.getByTestId('command-block');
  const node = blocks.filter({ hasText: 'Download and verify the Kubernetes node binaries' });
  const server = blocks.filter({ hasText: 'Download and verify the Kubernetes server binaries' });
  await expect(node.locator('[data-testid="variable-chip"][data-variable="worker.arch"]').first()).toHaveAttribute('data-value', 'arm64');
  await expect(server.locator('[data-testid="variable-chip"][data-variable="master.arch"]').first()).toHaveAttribute('data-value', 'amd64');
  await expect(blocks.filter({ hasText: 'Install crictl' }).locator('[data-testid="variable-chip"][data-variable="worker.arch"]').first()).toHaveAttribute('data-value', 'arm64');

  // The panel: one row per archive, each with its VM's architecture.
  const panel = page.getByTestId('artifacts-panel');
  const row = (id: string) => panel.locator(`[data-testid="artifact-row"][data-artifact="${id}"]`);
  await expect(row('kubernetes-node')).toHaveAttribute('data-arch', 'arm64');
  await expect(row('crictl')).toHaveAttribute('data-arch', 'arm64');
  await expect(row('kubernetes-server')).toHaveAttribute('data-arch', 'amd64');
  await expect(row('etcd')).toHaveAttribute('data-arch', 'amd64');
  await expect(row('kubernetes-node')).toContainText('/root/binaries/kubernetes-node-linux-arm64.tar.gz');
  // The lab's stand-ins are another version than the pinned one: their checksum files count, and the panel says so.
  await expect(row('kubernetes-node').getByTestId('artifact-digest-source')).toHaveAttribute('data-source', 'checksum-file');
  await expect(row('kubernetes-node').getByTestId('artifact-digest-source')).toContainText('kubernetes-node-linux-arm64.tar.gz.sha512');

  await importAndUploadArchives(page, archives);
  await expect(panel.locator('[data-testid="artifact-row"][data-cached="true"]')).toHaveCount(4);
  await page.screenshot({ path: testInfo.outputPath('arm64-artifacts.png') });

  const onWorker = labExec('worker', 'ls /root/binaries');
  for (const f of WORKER_FILES) expect(onWorker).toContain(f);
  expect(onWorker).not.toContain('linux-amd64');
  const onMaster = labExec('master', 'ls /root/binaries');
  for (const f of MASTER_FILES) expect(onMaster).toContain(f);
  expect(onMaster).not.toContain('linux-arm64');

  // Lesson 05's checks, resolved per VM, find and verify the archives under those names.
  const results = await api.runChecks(LESSON);
  const outcome = (id: string) => results.find((r) => r.checkId === id);
  for (const id of ['server-archive-verified', 'etcd-archive-verified', 'node-archive-verified']) {
    expect(outcome(id), JSON.stringify(outcome(id))).toMatchObject({ outcome: 'pass' });
  }
});
