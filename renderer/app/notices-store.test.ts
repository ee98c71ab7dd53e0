// The notices store: core's notices and failed calls, merged when repeated, until dismissed.
import { beforeEach, describe, expect, it } from 'vitest';
import { useNoticesStore } from './notices-store';

beforeEach(() => useNoticesStore.setState({ notices: [] }));

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
