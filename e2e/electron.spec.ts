// The real Electron shell, where a binary exists: the development app (node_modules'
// Electron on this folder) and the packaged test build (`npm run package:test`, whose
// fuses allow Playwright's --inspect). Here (no binary can be downloaded) both skip with
// the reason; everything behind the window is covered by the browser specs, and the
// package itself by test/packaging.test.ts.
import { existsSync, readdirSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
// @ts-expect-error -- plain .mjs helper shared with scripts/start.mjs
import { electronBinary } from '../scripts/electron-binary.mjs';
import { projectRoot } from './helpers/serve';

const devBinary = (electronBinary as () => string | undefined)();
/** The test build's executable: dist/test/linux-unpacked, linux-arm64-unpacked, mac, mac-arm64, win-unpacked… */
function packagedTestBuild(): string | undefined {
  const dir = join(projectRoot, 'dist', 'test');
  if (!existsSync(dir)) return undefined;
  const inside = (out: string) =>
    process.platform === 'darwin'
      ? join(dir, out, 'Kubernetes from Scratch Tutor.app', 'Contents', 'MacOS', 'Kubernetes from Scratch Tutor')
      : join(dir, out, process.platform === 'win32' ? 'k8s-from-scratch-tutor.exe' : 'k8s-from-scratch-tutor');
  const prefix = { darwin: 'mac', win32: 'win', linux: 'linux' }[process.platform as 'darwin' | 'win32' | 'linux'];
  return readdirSync(dir)
    .filter((out) => prefix && out.startsWith(prefix))
    .map(inside)
    .find((file) => existsSync(file));
}
const packagedBinary = packagedTestBuild();

const SHELLS = [
  { name: 'development app', binary: devBinary, args: [projectRoot], why: 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1, no network): the Electron shell cannot run here' },
  { name: 'packaged test build', binary: packagedBinary, args: [], why: 'no packaged test build (npm run package:test needs the Electron download; see docs/releasing.md)' },
];

for (const shell of SHELLS) test(`the desktop window opens hardened and shows the lessons (${shell.name})`, async () => {
  test.skip(!shell.binary, shell.why);
  const binary = shell.binary!;
  if (shell.args.length) expect(existsSync(join(projectRoot, 'out', 'main', 'index.js'))).toBe(true);
  const app = await electron.launch({
    executablePath: binary,
    args: [...shell.args, '--no-sandbox'],
    env: { ...process.env, TUTOR_DATA_DIR: mkdtempSync(join(tmpdir(), 'electron-data-')) },
  });
  try {
    const win = await app.firstWindow();
    await expect(win.getByTestId('lesson-list')).toBeVisible();
    expect(win.url()).toMatch(/^app:\/\/app\//);
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0];
      // getLastWebPreferences exists at run time but is missing from Electron's typings.
      const p = (w?.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> } | undefined)?.getLastWebPreferences();
      return { contextIsolation: p?.contextIsolation, sandbox: p?.sandbox, nodeIntegration: p?.nodeIntegration };
    });
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(await win.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
  } finally {
    await app.close();
  }
});
