// Which terminal command a key press asks for. Ctrl+C stays the shell's interrupt, so
// copy and paste use Ctrl+Shift+C / Ctrl+Shift+V (Cmd+C / Cmd+V on macOS), like most
// Linux terminals. Pure, so it is tested without a DOM.

export type TerminalKeyAction = 'copy' | 'paste' | 'search';

export interface TerminalKey {
  type: string;
  key: string;
  code?: string;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

function letter(e: TerminalKey): string {
  if (e.code && /^Key[A-Z]$/.test(e.code)) return e.code.slice(3).toLowerCase();
  return e.key.length === 1 ? e.key.toLowerCase() : e.key;
}

/** The action for a keydown in a focused terminal, or null to let xterm handle it. */
export function terminalKeyAction(e: TerminalKey, isMac: boolean): TerminalKeyAction | null {
  if (e.type !== 'keydown' || e.altKey) return null;
  const k = letter(e);
  if (isMac && e.metaKey && !e.ctrlKey && !e.shiftKey) {
    if (k === 'c') return 'copy';
    if (k === 'v') return 'paste';
    if (k === 'f') return 'search';
    return null;
  }
  if (e.ctrlKey && e.shiftKey && !e.metaKey) {
    if (k === 'c') return 'copy';
    if (k === 'v') return 'paste';
    if (k === 'f') return 'search';
    return null;
  }
  if (!isMac && e.shiftKey && !e.ctrlKey && !e.metaKey && e.key === 'Insert') return 'paste';
  return null;
}

export function isMacPlatform(nav: { platform?: string; userAgent?: string } | undefined = globalThis.navigator): boolean {
  if (!nav) return false;
  return /Mac|iPhone|iPad/i.test(nav.platform ?? '') || /Mac OS X/.test(nav.userAgent ?? '');
}
