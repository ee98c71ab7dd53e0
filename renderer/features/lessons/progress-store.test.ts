import { beforeEach, describe, expect, it } from 'vitest';
import type { ProgressView } from '../../../common/progress';
import { useNoticesStore } from '../../app/notices-store';
import { applyProgress, useProgressStore } from './progress-store';

const view = (notices: string[] = []): ProgressView => ({
  lessons: {},
  settings: { typingMode: false, theme: 'system', variableOverrides: {}, watchIntervalSeconds: 5, watchPaused: false },
  states: { a: 'open' },
  notices,
});

beforeEach(() => {
  useNoticesStore.setState({ notices: [] });
  useProgressStore.setState({ progress: null });
});

describe('progress store', () => {
  it('patches settings before core answers', () => {
    applyProgress(view());
    useProgressStore.getState().patchSettings({ theme: 'dark' });
    expect(useProgressStore.getState().progress?.settings.theme).toBe('dark');
  });

  it('shows each progress notice once, even when later views repeat it', () => {
    applyProgress(view(['progress.json was corrupt and was moved aside (store-test)']));
    expect(useNoticesStore.getState().notices).toHaveLength(1);
    useNoticesStore.getState().dismiss(useNoticesStore.getState().notices[0]!.id);
    applyProgress(view(['progress.json was corrupt and was moved aside (store-test)']));
    expect(useNoticesStore.getState().notices).toHaveLength(0);
  });
});
