// The Electron security checklist items that live on a window, kept in one place so a
// test can assert them: hardened webPreferences, no navigation, no new windows, and
// external links only for http(s) through the OS browser.
import type { BrowserWindowConstructorOptions, WebContents } from 'electron';

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
