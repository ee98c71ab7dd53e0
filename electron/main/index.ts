// Electron main: thin wiring of core to a hardened window over sender-checked IPC.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, Menu, app, dialog, ipcMain, protocol, safeStorage, session, shell } from 'electron';
import { EventBus, Notices, courseArgument, createCore, locateCourse } from '../core';
import { handleAppProtocol } from './app-protocol';
import { APP_ORIGIN, forwardEvents, registerIpcRouter } from './ipc-router';
import { forbiddenDebugSwitch } from './debug-switches';
import { createSafeStorageSecretStore } from './safe-storage-secrets';
import { lockDownNavigation, restrictPermissions, secureWebPreferences } from './window-security';

const here = dirname(fileURLToPath(import.meta.url));
const appRoot = app.isPackaged ? process.resourcesPath : join(here, '..', '..');
const rendererDir = join(here, '..', 'renderer');

// The test build carries `tutorTestBuild` in its package.json (electron-builder.test.yml).
function isTestBuild(): boolean {
  try {
    return (JSON.parse(readFileSync(join(app.getAppPath(), 'package.json'), 'utf8')) as { tutorTestBuild?: unknown }).tutorTestBuild === true;
  } catch {
    return false;
  }
}
const debugSwitch = forbiddenDebugSwitch((name) => app.commandLine.hasSwitch(name), { packaged: app.isPackaged, testBuild: app.isPackaged && isTestBuild() });
if (debugSwitch) {
  process.stderr.write(`Kubernetes from Scratch: refusing to start with --${debugSwitch} (a debugging switch would let other programs drive the app).\n`);
  app.exit(1);
}

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

// Every window and webview anywhere in the app gets the same guards.
app.on('web-contents-created', (_event, contents) => lockDownNavigation(contents, (url) => shell.openExternal(url)));

async function start(): Promise<void> {
  await app.whenReady();
  Menu.setApplicationMenu(null);
  restrictPermissions(session.defaultSession);
  const dataDir = process.env.TUTOR_DATA_DIR ?? app.getPath('userData');
  const events = new EventBus();
  const notices = new Notices();
  // Made before core, so that what it finds while loading (a corrupt secrets.json) is a notice.
  const secrets = await createSafeStorageSecretStore(safeStorage, dataDir, { notice: (message) => notices.add(message) });
  // `--course DIR` opens an author's course folder instead of the bundled course.
  const course = await locateCourse(courseArgument(process.argv) ?? appRoot);
  const core = await createCore({ dataDir, ...course, events, notices, secrets, watchCourse: true });
  handleAppProtocol(protocol, rendererDir, course.assetsDir);
  registerIpcRouter(ipcMain, core);

  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 760,
    minHeight: 520,
    title: 'Kubernetes from Scratch',
    show: false,
    webPreferences: secureWebPreferences(join(here, '..', 'preload', 'index.cjs')),
  });
  win.once('ready-to-show', () => win.show());
  forwardEvents(events, win.webContents);
  await win.loadURL(`${APP_ORIGIN}/index.html`);
  app.on('window-all-closed', () => app.quit());
}

start().catch((err: unknown) => {
  dialog.showErrorBox('Kubernetes from Scratch could not start', err instanceof Error ? err.message : String(err));
  app.exit(1);
});
