import { describe, expect, it } from 'vitest';
import { resolveTheme, TERMINAL_THEMES } from './terminal-theme';

describe('terminal theme', () => {
  it('follows a forced theme, else the OS', () => {
    expect(resolveTheme('dark', false)).toBe('dark');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme(undefined, true)).toBe('dark');
    expect(resolveTheme(undefined, false)).toBe('light');
  });

  it('defines all 16 ANSI colours in both themes', () => {
    const names = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];
    for (const theme of Object.values(TERMINAL_THEMES)) {
      for (const n of names) {
        expect(theme[n as keyof typeof theme]).toMatch(/^#[0-9a-f]{6}$/);
        expect(theme[`bright${n[0]!.toUpperCase()}${n.slice(1)}` as keyof typeof theme]).toMatch(/^#[0-9a-f]{6}$/);
      }
    }
  });
});
