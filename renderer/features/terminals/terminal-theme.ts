// Terminal colours for the app's light and dark themes, and the monospace font stack.
// The chrome (background, text, selection) matches ui/theme.css's variables; the 16 ANSI
// colours are tuned for contrast on each background.
import type { ITheme } from '@xterm/xterm';

export type ResolvedTheme = 'light' | 'dark';

export const TERMINAL_FONT_FAMILY =
  "'JetBrains Mono', 'Cascadia Mono', 'SF Mono', Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', 'Noto Sans Mono', monospace";

export const TERMINAL_THEMES: Record<ResolvedTheme, ITheme> = {
  light: {
    background: '#fbfcfe',
    foreground: '#1b2230',
    cursor: '#2557d6',
    cursorAccent: '#fbfcfe',
    selectionBackground: 'rgba(37, 87, 214, 0.22)',
    selectionInactiveBackground: 'rgba(86, 96, 116, 0.16)',
    scrollbarSliderBackground: 'rgba(86, 96, 116, 0.25)',
    scrollbarSliderHoverBackground: 'rgba(86, 96, 116, 0.4)',
    scrollbarSliderActiveBackground: 'rgba(86, 96, 116, 0.55)',
    black: '#1b2230',
    red: '#b42318',
    green: '#17803d',
    yellow: '#8a5a00',
    blue: '#2557d6',
    magenta: '#9b2a7e',
    cyan: '#0b7a66',
    white: '#8a93a3',
    brightBlack: '#566074',
    brightRed: '#d92d20',
    brightGreen: '#1f9a4b',
    brightYellow: '#a96f00',
    brightBlue: '#3b6fe0',
    brightMagenta: '#b83c97',
    brightCyan: '#0e917a',
    brightWhite: '#b9c2d1',
  },
  dark: {
    background: '#0d1117',
    foreground: '#e4e8ef',
    cursor: '#8fb1ff',
    cursorAccent: '#0d1117',
    selectionBackground: 'rgba(143, 177, 255, 0.3)',
    selectionInactiveBackground: 'rgba(163, 173, 190, 0.2)',
    scrollbarSliderBackground: 'rgba(163, 173, 190, 0.22)',
    scrollbarSliderHoverBackground: 'rgba(163, 173, 190, 0.38)',
    scrollbarSliderActiveBackground: 'rgba(163, 173, 190, 0.5)',
    black: '#2a3240',
    red: '#ff7b72',
    green: '#4cc47a',
    yellow: '#f4c65a',
    blue: '#6f9bff',
    magenta: '#f59ad9',
    cyan: '#5fd9bb',
    white: '#c9d1dc',
    brightBlack: '#8c97aa',
    brightRed: '#ffa198',
    brightGreen: '#7ee2a0',
    brightYellow: '#ffd97a',
    brightBlue: '#a5c2ff',
    brightMagenta: '#ffb8e6',
    brightCyan: '#8eead3',
    brightWhite: '#f4f6fa',
  },
};

/** Search match colours per theme (the search addon needs explicit ones). */
export const SEARCH_DECORATIONS: Record<ResolvedTheme, { matchBackground: string; matchOverviewRuler: string; activeMatchBackground: string; activeMatchColorOverviewRuler: string }> = {
  light: { matchBackground: '#fff1b8', matchOverviewRuler: '#e9c46a', activeMatchBackground: '#ffb347', activeMatchColorOverviewRuler: '#b4431a' },
  dark: { matchBackground: '#5a4a12', matchOverviewRuler: '#7a5f1c', activeMatchBackground: '#b4661a', activeMatchColorOverviewRuler: '#ffa47d' },
};

/** The theme shown for a choice: "light" or "dark" as chosen, else (system, or not set yet) the OS preference. */
export function resolveTheme(forced: string | undefined, prefersDark: boolean): ResolvedTheme {
  if (forced === 'light' || forced === 'dark') return forced;
  return prefersDark ? 'dark' : 'light';
}
