// "Create the VMs" in the first-run guide, in Chromium against the browser host (no lab
// needed: nothing is launched). Vagrant: the Vagrantfile carries the course's names, sizes,
// fixed addresses and the learner's key, and the Hosts forms are filled with the addresses.
// Multipass: the cloud-init file and launch commands, then pasted `multipass list` output
// fills the forms. The Hosts screen offers the same guide.
import { expect, test } from '@playwright/test';
import { openHosts } from './helpers/hosts-ui';
import { type Served, openApp, serve } from './helpers/serve';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk7wVZtGxR1+2u5j0b2vX6yHn8pQn4F1l0N7nVw1dCq learner@laptop';

let served: Served;
test.beforeAll(async () => {
  served = await serve();
});
test.afterAll(async () => served?.stop());

test('Vagrant + VirtualBox: the Vagrantfile from course.yaml, and the Hosts forms filled with its fixed addresses', async ({ page }, testInfo) => {
  await openApp(page, served);
  const guide = page.getByTestId('first-run');
  await expect(guide).toBeVisible();
  await page.getByTestId('first-run-step-2').click();
  const vm = guide.getByTestId('vm-guide');
  await expect(vm.getByTestId('vm-guide-sizes')).toContainText('kube-master: 2 CPUs, 4 GiB memory');
  await expect(vm.getByTestId('vm-file')).toHaveCount(0); // no key yet: nothing to generate

  await vm.getByTestId('vm-guide-key').fill('-----BEGIN OPENSSH PRIVATE KEY-----');
  await expect(vm.getByTestId('vm-guide-key-problem')).toContainText('private key');
  await vm.getByTestId('vm-guide-key').fill(KEY);
  await vm.getByTestId('vm-guide-tool').getByRole('radio', { name: 'Vagrant + VirtualBox' }).check();
  const file = vm.locator('[data-testid="vm-file"][data-file="Vagrantfile"]');
  await expect(file).toContainText(`PUBLIC_KEY = '${KEY}'`);
  await expect(file).toContainText("node.vm.network \"private_network\", ip: '192.168.56.10'");
  await expect(file).toContainText('p.memory = 4096');
  await expect(file).toContainText("config.vm.box = 'bento/ubuntu-22.04'");
  await page.screenshot({ path: testInfo.outputPath('vm-guide-vagrant.png'), fullPage: true });

  await vm.getByTestId('vm-guide-fill').click();
  await expect(vm.getByTestId('vm-guide-filled')).toContainText('kube-master 192.168.56.10, kube-worker 192.168.56.11');
  await page.getByTestId('first-run-next').click();
  await expect(page.getByTestId('host-address-master')).toHaveValue('192.168.56.10');
  await expect(page.getByTestId('host-user-master')).toHaveValue('root');
  await expect(page.getByTestId('host-key-path-master')).toHaveValue('~/.ssh/id_ed25519');
  await page.getByTestId('first-run-next').click();
  await expect(page.getByTestId('host-address-worker')).toHaveValue('192.168.56.11');
});

test('Multipass: cloud-init and launch commands, then `multipass list` pasted fills the forms; Hosts has the guide too', async ({ page }) => {
  await openApp(page, served);
  await page.getByTestId('first-run-step-2').click();
  const vm = page.getByTestId('first-run').getByTestId('vm-guide');
  await vm.getByTestId('vm-guide-key').fill(KEY);
  await expect(vm.locator('[data-testid="vm-file"][data-file="k8s-cloud-init.yaml"]')).toContainText('disable_root: false');
  await expect(vm.locator('[data-testid="vm-file"][data-kind="commands"]')).toContainText('multipass launch 22.04 --name kube-worker --cpus 1 --memory 1G --disk 20G --cloud-init k8s-cloud-init.yaml');
  await expect(vm.getByTestId('vm-guide-fill')).toBeDisabled();
  await vm.getByTestId('vm-guide-paste').fill([
    'Name                    State             IPv4             Image',
    'kube-master             Running           10.53.106.20     Ubuntu 22.04 LTS',
    'kube-worker             Running           10.53.106.21     Ubuntu 22.04 LTS',
  ].join('\n'));
  await vm.getByTestId('vm-guide-fill').click();
  await expect(vm.getByTestId('vm-guide-filled')).toContainText('kube-worker 10.53.106.21');
  await page.getByTestId('first-run-step-4').click();
  await expect(page.getByTestId('host-address-worker')).toHaveValue('10.53.106.21');

  await page.getByTestId('first-run-later').click();
  await openHosts(page);
  const details = page.getByTestId('hosts-vm-guide');
  await expect(details).toBeVisible();
  await details.locator('summary').click();
  await expect(details.getByTestId('vm-guide-tool')).toBeVisible();
});
