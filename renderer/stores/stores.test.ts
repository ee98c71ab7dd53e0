import { beforeEach, describe, expect, it } from 'vitest';
import type { ProgressView } from '../../common/progress';
import { useNoticesStore } from './notices';
import { applyProgress, useProgressStore } from './progress';

const view = (notices: string[] = []): ProgressView => ({
  lessons: {},
  settings: { typingMode: false, theme: 'system', variableOverrides: {} },
  states: { a: 'open' },
  notices,
});

beforeEach(() => {
  useNoticesStore.setState({ notices: [] });
  useProgressStore.setState({ progress: null });
});

describe('notices store', () => {
  it('adds, merges repeats, and dismisses', () => {
    const { push } = useNoticesStore.getState();
    push('error', 'Lost the connection');
    push('error', 'Lost the connection');
    push('info', 'Hello');
    const [first, second] = useNoticesStore.getState().notices;
    expect(first).toMatchObject({ level: 'error', message: 'Lost the connection', count: 2 });
    expect(second).toMatchObject({ level: 'info', message: 'Hello', count: 1 });
    useNoticesStore.getState().dismiss(first!.id);
    expect(useNoticesStore.getState().notices.map((n) => n.message)).toEqual(['Hello']);
  });
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
