// Puts the theme the app shows on <html data-theme>, always "light" or "dark": the
// learner's choice, or for "system" the OS preference, followed while it changes. The CSS
// and the terminals read only that attribute. A layout effect: set before the first paint.
import { useLayoutEffect } from 'react';
import { useProgressStore } from '../features/lessons/progress-store';
import { resolveTheme } from '../features/terminals/terminal-theme';

export function useApplyTheme(): void {
  const theme = useProgressStore((s) => s.progress?.settings.theme ?? 'system');
  useLayoutEffect(() => {
    const media = matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      document.documentElement.dataset.theme = resolveTheme(theme, media.matches);
    };
    apply();
    if (theme !== 'system') return undefined;
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);
}
