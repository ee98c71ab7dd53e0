// System / light / dark, saved in core's settings so both hosts remember it.
import type { ChangeEvent } from 'react';
import type { Settings } from '../../common/progress';
import { useApi } from '../api-context';
import { reportFailure } from '../stores/notices';
import { applyProgress, useProgressStore } from '../stores/progress';

type Theme = Settings['theme'];
const THEMES: { value: Theme; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function ThemeToggle() {
  const api = useApi();
  const theme = useProgressStore((s) => s.progress?.settings.theme ?? 'system');

  const choose = (e: ChangeEvent<HTMLInputElement>) => {
    const value = e.target.value as Theme;
    useProgressStore.getState().patchSettings({ theme: value });
    api
      .updateSettings({ theme: value })
      .then(applyProgress)
      .catch((err: unknown) => reportFailure('Could not save the theme', err));
  };

  return (
    <fieldset className="theme-toggle" data-testid="theme-toggle">
      <legend className="theme-toggle__legend">Theme</legend>
      <div className="theme-toggle__options">
        {THEMES.map((t) => (
          <label key={t.value} className="theme-toggle__option">
            <input type="radio" name="theme" value={t.value} checked={theme === t.value} onChange={choose} />
            <span>{t.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
