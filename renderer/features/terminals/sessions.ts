// Creates the xterm-backed sessions the terminal runtime asks for, and keeps them on the
// app's theme (<html data-theme>, set by useApplyTheme).
import type { SessionFactory } from './terminal-runtime';
import { TerminalSession } from './terminal-session';
import { resolveTheme, type ResolvedTheme } from './terminal-theme';

const sessions = new Set<TerminalSession>();

export function currentTheme(): ResolvedTheme {
  if (typeof document === 'undefined') return 'light';
  const forced = document.documentElement.dataset.theme;
  const prefersDark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  return resolveTheme(forced, prefersDark);
}

export const createXtermSession: SessionFactory = (target, callbacks) => {
  const session = new TerminalSession(target, callbacks, currentTheme());
  sessions.add(session);
  const dispose = session.dispose.bind(session);
  session.dispose = () => {
    sessions.delete(session);
    dispose();
  };
  return session;
};

export function applyThemeToSessions(theme: ResolvedTheme): void {
  for (const session of sessions) session.setTheme(theme);
}

/** Watches <html data-theme> (which follows the OS for "system"); calls back with the theme. */
export function watchTheme(onChange: (theme: ResolvedTheme) => void): () => void {
  const notify = () => onChange(currentTheme());
  const observer = new MutationObserver(notify);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  notify();
  return () => observer.disconnect();
}
