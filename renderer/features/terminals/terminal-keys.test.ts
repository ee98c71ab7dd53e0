import { describe, expect, it } from 'vitest';
import { isMacPlatform, terminalKeyAction, type TerminalKey } from './terminal-keys';

const key = (k: string, mods: Partial<TerminalKey> = {}): TerminalKey => ({
  type: 'keydown', key: k, code: /^[a-z]$/i.test(k) ? `Key${k.toUpperCase()}` : undefined,
  ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, ...mods,
});

describe('terminal key bindings', () => {
  it('uses Ctrl+Shift+C/V/F on Linux and Windows, leaving Ctrl+C to the shell', () => {
    expect(terminalKeyAction(key('C', { ctrlKey: true, shiftKey: true }), false)).toBe('copy');
    expect(terminalKeyAction(key('V', { ctrlKey: true, shiftKey: true }), false)).toBe('paste');
    expect(terminalKeyAction(key('F', { ctrlKey: true, shiftKey: true }), false)).toBe('search');
    expect(terminalKeyAction(key('Insert', { shiftKey: true }), false)).toBe('paste');
    expect(terminalKeyAction(key('c', { ctrlKey: true }), false)).toBeNull();
    expect(terminalKeyAction(key('v', { ctrlKey: true }), false)).toBeNull();
    expect(terminalKeyAction(key('f', { metaKey: true }), false)).toBeNull();
  });

  it('uses Cmd+C/V/F on macOS', () => {
    expect(terminalKeyAction(key('c', { metaKey: true }), true)).toBe('copy');
    expect(terminalKeyAction(key('v', { metaKey: true }), true)).toBe('paste');
    expect(terminalKeyAction(key('f', { metaKey: true }), true)).toBe('search');
    expect(terminalKeyAction(key('c', { ctrlKey: true }), true)).toBeNull();
    expect(terminalKeyAction(key('C', { ctrlKey: true, shiftKey: true }), true)).toBe('copy');
  });

  it('matches by physical key when the layout gives another character, and only on keydown', () => {
    expect(terminalKeyAction({ ...key('F', { ctrlKey: true, shiftKey: true }), key: 'Φ' }, false)).toBe('search');
    expect(terminalKeyAction({ ...key('C', { ctrlKey: true, shiftKey: true }), type: 'keyup' }, false)).toBeNull();
    expect(terminalKeyAction(key('C', { ctrlKey: true, shiftKey: true, altKey: true }), false)).toBeNull();
  });

  it('detects macOS', () => {
    expect(isMacPlatform({ platform: 'MacIntel' })).toBe(true);
    expect(isMacPlatform({ platform: 'Linux x86_64', userAgent: 'X11; Linux' })).toBe(false);
    expect(isMacPlatform(undefined)).toBe(false);
  });
});
