// Electron checklist items enforced by main, asserted on the real modules with fake
// Electron objects (no binary here; the Electron e2e spec covers the live window).
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handleAppProtocol } from '../electron/main/app-protocol';
import { isGrantedPermission, isSafeExternalUrl, lockDownNavigation, restrictPermissions, secureWebPreferences } from '../electron/main/window-security';

describe('window security', () => {
  it('hardens webPreferences', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({
      preload: '/p.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
  });

  it('opens only http(s) links externally', () => {
    expect(isSafeExternalUrl('https://kubernetes.io/')).toBe(true);
    expect(isSafeExternalUrl('http://example.com/x')).toBe(true);
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'app://app/x', 'not a url']) {
      expect(isSafeExternalUrl(bad)).toBe(false);
    }
  });

  it('denies navigation and every new window, handing http(s) links to the OS browser', () => {
    const listeners = new Map<string, (e: { preventDefault(): void }) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const opened: string[] = [];
    lockDownNavigation(
      {
        on: ((name: string, fn: (e: { preventDefault(): void }) => void) => listeners.set(name, fn)) as never,
        setWindowOpenHandler: ((fn: typeof openHandler) => (openHandler = fn)) as never,
      },
      (url) => opened.push(url),
    );
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      listeners.get(name)?.({ preventDefault: () => (prevented = true) });
      expect(prevented, name).toBe(true);
    }
    expect(openHandler?.({ url: 'https://kubernetes.io/docs' })).toEqual({ action: 'deny' });
    expect(openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://kubernetes.io/docs']);
  });
});

describe('permissions', () => {
  it('grants only the clipboard, and only to the app\'s own page', () => {
    expect(isGrantedPermission('clipboard-sanitized-write', 'app://app/index.html')).toBe(true);
    expect(isGrantedPermission('clipboard-read', 'app://app')).toBe(true);
    expect(isGrantedPermission('clipboard-read', 'https://evil.example/')).toBe(false);
    expect(isGrantedPermission('clipboard-read', 'app://app.evil/')).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'midi', 'midiSysex', 'pointerLock', 'fullscreen', 'openExternal', 'display-capture', 'hid', 'serial', 'usb']) {
      expect(isGrantedPermission(p, 'app://app/index.html'), p).toBe(false);
    }
  });

  it('installs both session handlers, which answer with that rule', () => {
    let request: ((wc: unknown, p: string, cb: (ok: boolean) => void, d: { requestingUrl?: string }) => void) | undefined;
    let check: ((wc: unknown, p: string, origin: string) => boolean) | undefined;
    restrictPermissions({
      setPermissionRequestHandler: ((fn: typeof request) => (request = fn)) as never,
      setPermissionCheckHandler: ((fn: typeof check) => (check = fn)) as never,
    });
    const answers: boolean[] = [];
    request!(null, 'media', (ok) => answers.push(ok), { requestingUrl: 'app://app/index.html' });
    request!(null, 'clipboard-sanitized-write', (ok) => answers.push(ok), { requestingUrl: 'app://app/index.html' });
    request!({ getURL: () => 'https://evil.example/' }, 'clipboard-read', (ok) => answers.push(ok), {});
    expect(answers).toEqual([false, true, false]);
    expect(check!(null, 'notifications', 'app://app')).toBe(false);
    expect(check!(null, 'clipboard-read', 'app://app')).toBe(true);
  });
});

describe('app:// protocol', () => {
  it('serves the renderer and course assets with a CSP header, nothing outside', async () => {
    const root = await mkdtemp(join(tmpdir(), 'proto-'));
    await mkdir(join(root, 'r'));
    await mkdir(join(root, 'a'));
    await writeFile(join(root, 'r', 'index.html'), '<title>x</title>');
    await writeFile(join(root, 'a', 'd.svg'), '<svg/>');
    await writeFile(join(root, 'secret'), 'no');
    let handler: ((req: Request) => Promise<Response>) | undefined;
    handleAppProtocol({ handle: ((_s: string, h: typeof handler) => (handler = h)) as never }, join(root, 'r'), join(root, 'a'));
    const index = await handler!(new Request('app://app/index.html'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toMatch(/default-src 'self'; script-src 'self'/);
    expect(await index.text()).toBe('<title>x</title>');
    expect((await handler!(new Request('app://app/course-assets/d.svg'))).headers.get('content-type')).toBe('image/svg+xml');
    expect((await handler!(new Request('app://app/%2e%2e/secret'))).status).toBe(404);
    expect((await handler!(new Request('app://other/index.html'))).status).toBe(404);
  });
});
