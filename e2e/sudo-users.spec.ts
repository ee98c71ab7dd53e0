// A learner whose VM logs in as a sudo user, through the Hosts screen in Chromium against
// the lab's real VMs (lab.sh add_sudo_users): sudo that asks for a password, a user who
// may not use sudo, and the sudo password kept out of the VM's process list and journal.
import { type Page, expect, test } from '@playwright/test';
import { fillHost, openHosts } from './helpers/hosts-ui';
import { type LabHost, labExec, labHost, labSudoUsers } from './helpers/lab';
import { type Served, openApp, serve } from './helpers/serve';

test.describe.configure({ mode: 'serial' });

let served: Served;
let worker: LabHost;

test.beforeAll(async () => {
  worker = labHost('worker');
  served = await serve();
});
test.afterAll(async () => served?.stop());
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { __tutorTerminalRenderer?: string }).__tutorTerminalRenderer = 'dom';
  });
});

/** Test connection, trusting a first-contact key; returns the Acts as root line. */
async function testConnection(page: Page) {
  await page.getByTestId('host-test-worker').click();
  const dialog = page.getByTestId('hostkey-dialog');
  const report = page.getByTestId('host-test-report-worker');
  await expect(dialog.or(report)).toBeVisible({ timeout: 30_000 });
  if (await dialog.isVisible()) await dialog.getByTestId('hostkey-accept').click();
  await expect(report).toBeVisible({ timeout: 30_000 });
  return report.locator('[data-step="root"]');
}

test('sudo that asks for a password: the app asks for it, then acts as root without ever showing it', async ({ page }, testInfo) => {
  const { password: user } = labSudoUsers();
  const since = Math.floor(Date.now() / 1000) - 1;
  await openApp(page, served);
  await openHosts(page);
  await fillHost(page, 'worker', { ...worker, user });
  let root = await testConnection(page);
  await expect(root).toHaveAttribute('data-status', 'fail');
  await expect(root).toContainText(`sudo asks ${user} for a password: enter it as the sudo password in Hosts.`);
  await page.screenshot({ path: testInfo.outputPath('sudo-asks-password.png') });

  // Ubuntu asks for the user's own password: the lab's is the login password.
  await page.getByTestId('host-sudo-password-worker').fill(worker.password);
  await page.getByTestId('host-save-worker').click();
  root = await testConnection(page);
  await expect(root).toHaveAttribute('data-status', 'pass');
  await expect(root).toContainText('with the sudo password you saved');
  await expect(page.getByTestId('host-sudo-password-worker')).toHaveAttribute('placeholder', 'stored — leave empty to keep');

  // The worker's terminal is a root shell; while a command runs as root, the VM's process
  // list and, afterwards, its journal hold no trace of the password.
  await page.getByTestId('terminal-tab-worker').click();
  await expect(page.getByTestId('terminal-tab-worker')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  await page.getByTestId('terminal-worker').click();
  await page.keyboard.type('id -un; sleep 4; echo slept-as-$(id -un)');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('terminal-worker')).toContainText('root', { timeout: 15_000 });
  const processes = labExec('worker', 'ps -eo args');
  expect(processes).toContain('sleep 4');
  expect(processes).not.toContain(worker.password);
  await expect(page.getByTestId('terminal-worker')).toContainText('slept-as-root', { timeout: 15_000 });
  await expect(page.getByTestId('terminal-worker')).not.toContainText('k8s-tutor:sudo-password');
  const journal = labExec('worker', `journalctl --no-pager --since '@${since}'`);
  expect(journal).toMatch(new RegExp(`sudo\\[\\d+\\]: +${user} : `));
  expect(journal).not.toContain(worker.password);
  await page.screenshot({ path: testInfo.outputPath('sudo-password-terminal.png') });
});

test('a user who may not use sudo is told so in plain words', async ({ page }) => {
  const { nosudo } = labSudoUsers();
  await openApp(page, served);
  await openHosts(page);
  await fillHost(page, 'worker', { ...worker, user: nosudo });
  await page.getByTestId('host-sudo-password-worker').fill(worker.password);
  await page.getByTestId('host-save-worker').click();
  const root = await testConnection(page);
  await expect(root).toHaveAttribute('data-status', 'fail');
  await expect(root).toContainText(`${nosudo} may not use sudo on this VM`);
});
