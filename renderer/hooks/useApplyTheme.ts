// Applies the learner's theme choice to <html data-theme>; "system" leaves it to the OS.
import { useEffect } from 'react';
import { useProgressStore } from '../stores/progress';

export function useApplyTheme(): void {
  const theme = useProgressStore((s) => s.progress?.settings.theme ?? 'system');
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}
