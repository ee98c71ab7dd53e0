// How often passed lessons are re-checked in the background, or paused (core's settings,
// so both hosts remember it). Checks after the learner's own commands run either way.
import { DEFAULT_WATCH_INTERVAL_SECONDS } from '../../../common/progress';
import { useApi } from '../../app/api-context';
import { reportFailure } from '../../app/notices-store';
import { applyProgress, useProgressStore } from '../lessons/progress-store';

const CHOICES = [2, 5, 10, 30, 60, 300];

const words = (s: number) => (s < 60 ? `every ${s} s` : `every ${s / 60} min`);

export function WatchSetting() {
  const api = useApi();
  const interval = useProgressStore((s) => s.progress?.settings.watchIntervalSeconds ?? DEFAULT_WATCH_INTERVAL_SECONDS);
  const paused = useProgressStore((s) => s.progress?.settings.watchPaused ?? false);
  const choices = CHOICES.includes(interval) ? CHOICES : [...CHOICES, interval].sort((a, b) => a - b);

  const choose = (value: string) => {
    const patch = value === 'paused' ? { watchPaused: true } : { watchPaused: false, watchIntervalSeconds: Number(value) };
    useProgressStore.getState().patchSettings(patch);
    api
      .updateSettings(patch)
      .then(applyProgress)
      .catch((err: unknown) => reportFailure('Could not save how often to re-check', err));
  };

  return (
    <label className="watch-setting" title="Passed lessons are re-checked in the background while your machines are connected; a lesson that breaks shows at once. Your own commands are followed either way.">
      <span className="watch-setting__label">Re-check passed lessons</span>
      <select className="watch-setting__select" data-testid="watch-setting" value={paused ? 'paused' : String(interval)} onChange={(e) => choose(e.target.value)}>
        {choices.map((s) => (
          <option key={s} value={String(s)}>
            {words(s)}
          </option>
        ))}
        <option value="paused">paused</option>
      </select>
    </label>
  );
}
