// The Electron security checklist items that live on a window or its session, kept in one
// place so a test can assert them: hardened webPreferences, no navigation, no new windows,
// external links only for http(s) through the OS browser, and no permission (camera,
// notifications, …) but the clipboard for the app's own page.
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';

export function secureWebPreferences(preloadPath: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
  };
}

export function isSafeExternalUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

type WebContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function lockDownNavigation(contents: WebContentsLike, openExternal: (url: string) => unknown): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // A link the learner clicked (target=_blank) opens in their browser; nothing opens in-app.
    if (isSafeExternalUrl(url)) void openExternal(url);
    return { action: 'deny' };
  });
}

/** The app's own page (app://app/…); Node's URL gives custom schemes no origin to compare. */
function isAppUrl(url: string): boolean {
  return url === 'app://app' || url.startsWith('app://app/');
}

/** Copy buttons write the clipboard; the terminal's paste reads it. Nothing else is granted. */
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write', 'clipboard-read']);

export function isGrantedPermission(permission: string, requestingUrl: string): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}

type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

export function restrictPermissions(session: SessionLike): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(isGrantedPermission(permission, details.requestingUrl ?? contents?.getURL() ?? ''));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isGrantedPermission(permission, requestingOrigin));
}
