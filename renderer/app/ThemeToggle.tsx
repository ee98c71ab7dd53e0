// System / light / dark, saved in core's settings so both hosts remember it.
import type { Settings } from '../../common/progress';
import { applyProgress, useProgressStore } from '../features/lessons/progress-store';
import { type Choice, SegmentedChoice } from '../ui/SegmentedChoice';
import { useApi } from './api-context';
import { reportFailure } from './notices-store';

type Theme = Settings['theme'];
const THEMES: Choice<Theme>[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function ThemeToggle() {
  const api = useApi();
  const theme = useProgressStore((s) => s.progress?.settings.theme ?? 'system');

  const choose = (value: Theme) => {
    useProgressStore.getState().patchSettings({ theme: value });
    api
      .updateSettings({ theme: value })
      .then(applyProgress)
      .catch((err: unknown) => reportFailure('Could not save the theme', err));
  };

  return <SegmentedChoice legend="Theme" name="theme" options={THEMES} value={theme} onChange={choose} testId="theme-toggle" />;
}
