// Electron main (electron/main/index.ts) started for real with a fake `electron` module
// (no Electron binary here) and the real core: the window it opens, the scheme it
// registers, the guards it puts on every web contents and the IPC it registers. The
// window-security and ipc-router tests cover those helpers; this proves main uses them.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { OPERATIONS } from '../common/api';
import { operationChannel } from '../electron/main/ipc-router';

const seen = {
  windows: [] as Array<{ options: Record<string, unknown>; urls: string[] }>,
  schemes: [] as unknown[],
  handledSchemes: [] as string[],
  appListeners: new Map<string, (...args: unknown[]) => void>(),
  ipcHandlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
  sent: [] as Array<{ channel: string; args: unknown[] }>,
  menus: [] as unknown[],
  errors: [] as string[],
  opened: [] as string[],
  permissionHandlers: { request: undefined as unknown, check: undefined as unknown },
};

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { on() {}, setWindowOpenHandler() {}, send: (channel: string, ...args: unknown[]) => seen.sent.push({ channel, args }), isDestroyed: () => false };
    private record: { options: Record<string, unknown>; urls: string[] };
    constructor(options: Record<string, unknown>) {
      this.record = { options, urls: [] };
      seen.windows.push(this.record);
    }
    once() {}
    show() {}
    loadURL(url: string) {
      this.record.urls.push(url);
      return Promise.resolve();
    }
  }
  return {
    app: {
      isPackaged: false,
      whenReady: () => Promise.resolve(),
      getPath: () => tmpdir(),
      on: (name: string, fn: (...args: unknown[]) => void) => seen.appListeners.set(name, fn),
      quit() {},
      exit() {},
    },
    BrowserWindow,
    Menu: { setApplicationMenu: (m: unknown) => seen.menus.push(m) },
    dialog: { showErrorBox: (title: string, message: string) => seen.errors.push(`${title}: ${message}`) },
    ipcMain: {
      handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) => seen.ipcHandlers.set(channel, fn),
      removeHandler: (channel: string) => seen.ipcHandlers.delete(channel),
    },
    protocol: {
      registerSchemesAsPrivileged: (list: unknown[]) => seen.schemes.push(...list),
      handle: (scheme: string) => seen.handledSchemes.push(scheme),
    },
    // safeStorage stand-in: "encrypts" by base64 (never seen by the assertions below).
    safeStorage: {
      isAsyncEncryptionAvailable: () => Promise.resolve(true),
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptStringAsync: (s: string) => Promise.resolve(Buffer.from(s).toString('base64')),
      decryptStringAsync: (b: Buffer) => Promise.resolve({ shouldReEncrypt: false, result: Buffer.from(b.toString(), 'base64').toString() }),
    },
    shell: { openExternal: (url: string) => seen.opened.push(url) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: unknown) => (seen.permissionHandlers.request = fn),
        setPermissionCheckHandler: (fn: unknown) => (seen.permissionHandlers.check = fn),
      },
    },
  };
});

/** An IPC call as the app's own window makes it (the router checks the sender frame). */
function invoke(operation: string, ...args: unknown[]): Promise<unknown> {
  const frame = { url: 'app://app/index.html' };
  const handler = seen.ipcHandlers.get(operationChannel(operation));
  if (!handler) throw new Error(`no IPC handler for ${operation}`);
  return handler({ senderFrame: frame, sender: { mainFrame: frame } }, ...args);
}

let dataDir: string;

describe('Electron main wiring', () => {
  beforeAll(async () => {
    dataDir = process.env.TUTOR_DATA_DIR = mkdtempSync(join(tmpdir(), 'main-wiring-'));
    // A secrets.json that cannot be read: the secret store must tell the learner.
    writeFileSync(join(dataDir, 'secrets.json'), '{"schemaVersion": 1, "secrets": ');
    await import('../electron/main/index');
    await vi.waitFor(() => expect(seen.windows[0]?.urls.length ?? 0).toBeGreaterThan(0), { timeout: 20_000 });
  }, 30_000);

  it('starts without an error box', () => {
    expect(seen.errors).toEqual([]);
  });

  it('opens one window with the hardened webPreferences and the bundled preload', () => {
    expect(seen.windows).toHaveLength(1);
    const prefs = seen.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, allowRunningInsecureContent: false });
    expect(String(prefs.preload)).toMatch(/out[\\/]preload[\\/]index\.cjs$|electron[\\/]preload[\\/]index\.cjs$/);
  });

  it('loads the renderer from app://app, not file://', () => {
    expect(seen.windows[0]!.urls).toEqual(['app://app/index.html']);
    expect(seen.handledSchemes).toEqual(['app']);
    // secure + standard (a real origin for the sender check); no CSP bypass, no CORS opt-in.
    expect(seen.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('removes the default menu (no devtools or reload accelerators)', () => {
    expect(seen.menus).toEqual([null]);
  });

  it('guards every web contents the app creates: no navigation, no windows, http(s) to the OS browser', () => {
    const onCreated = seen.appListeners.get('web-contents-created');
    expect(onCreated).toBeTypeOf('function');
    const handlers = new Map<string, (e: { preventDefault(): void }) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    onCreated!({}, { on: (n: string, fn: (e: { preventDefault(): void }) => void) => handlers.set(n, fn), setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn) });
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      handlers.get(name)!({ preventDefault: () => (prevented = true) });
      expect(prevented, name).toBe(true);
    }
    expect(openHandler!({ url: 'https://kubernetes.io/docs/' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(seen.opened).toEqual(['https://kubernetes.io/docs/']);
  });

  it('answers permission requests and checks for the default session: the clipboard only', () => {
    const request = seen.permissionHandlers.request as (wc: unknown, p: string, cb: (ok: boolean) => void, d: { requestingUrl?: string }) => void;
    const check = seen.permissionHandlers.check as (wc: unknown, p: string, origin: string) => boolean;
    expect(request).toBeTypeOf('function');
    const answers: boolean[] = [];
    request(null, 'notifications', (ok) => answers.push(ok), { requestingUrl: 'app://app/index.html' });
    request(null, 'clipboard-sanitized-write', (ok) => answers.push(ok), { requestingUrl: 'app://app/index.html' });
    expect(answers).toEqual([false, true]);
    expect(check(null, 'media', 'app://app')).toBe(false);
  });

  it('registers an IPC handler for each operation and nothing else', () => {
    expect([...seen.ipcHandlers.keys()].sort()).toEqual(OPERATIONS.map(operationChannel).sort());
  });

  it('tells the learner when the secret store finds secrets.json unreadable: at once, and in every later window', async () => {
    const saved = await invoke('saveHost', { role: 'master', address: '10.0.0.10', port: 22, user: 'root', auth: { method: 'password', password: 'pw-for-the-test' } });
    expect(saved).toMatchObject({ ok: true });
    const moved = readdirSync(dataDir).filter((n) => n.startsWith('secrets.json.corrupt-'));
    expect(moved).toHaveLength(1);
    const message = `Your saved passwords could not be read; the file was moved to ${join(dataDir, moved[0]!)}. Enter the passwords again in Hosts.`;
    // Sent to the open window as it happened…
    const events = seen.sent.filter((s) => s.channel === 'api-event' && s.args[0] === 'progress:changed');
    expect(events.some((e) => (e.args[1] as { notices: string[] }).notices.includes(message))).toBe(true);
    // …and kept for a window that asks later.
    expect(await invoke('getProgress')).toMatchObject({ ok: true, result: { notices: [message] } });
    expect(existsSync(join(dataDir, 'secrets.json'))).toBe(true); // the new secret, saved afresh
  });
});
