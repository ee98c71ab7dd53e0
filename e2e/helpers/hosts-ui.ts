// Drives the Hosts screen the way a learner does: fill a role's form, save, test the
// connection, and answer the host-key dialog.
import { type Page, expect } from '@playwright/test';
import type { LabHost } from './lab';

export async function openHosts(page: Page): Promise<void> {
  await page.getByTestId('open-hosts').click();
}

export async function fillHost(page: Page, role: string, host: Pick<LabHost, 'address' | 'port' | 'user'> & { password?: string }): Promise<void> {
  await page.getByTestId(`host-address-${role}`).fill(host.address);
  await page.getByTestId(`host-port-${role}`).fill(String(host.port));
  await page.getByTestId(`host-user-${role}`).fill(host.user);
  await page.getByTestId(`host-auth-${role}-password`).check();
  if (host.password !== undefined) await page.getByTestId(`host-password-${role}`).fill(host.password);
  await page.getByTestId(`host-save-${role}`).click();
}

/** Tests the connection, accepting a first-contact host key; returns the fingerprint shown. */
export async function testAndTrust(page: Page, role: string): Promise<string> {
  await page.getByTestId(`host-test-${role}`).click();
  const dialog = page.getByTestId('hostkey-dialog');
  await expect(dialog).toBeVisible({ timeout: 20_000 });
  const fingerprint = (await dialog.getByTestId('hostkey-fingerprint').innerText()).trim();
  expect(fingerprint).toMatch(/SHA256:[A-Za-z0-9+/]{43}/);
  await dialog.getByTestId('hostkey-accept').click();
  await expect(page.getByTestId(`host-test-report-${role}`)).toBeVisible({ timeout: 30_000 });
  return fingerprint;
}
