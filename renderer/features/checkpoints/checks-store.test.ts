import { beforeEach, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../common/api';
import { useChecksStore } from './checks-store';

const result = (checkId: string, outcome: CheckResult['outcome']): CheckResult => ({ lessonId: 'etcd', checkId, outcome, message: outcome, at: new Date().toISOString() });

beforeEach(() => useChecksStore.setState({ runs: {} }));

describe('checks store', () => {
  it('marks every check running, settles them one by one, and ends with the last result', () => {
    const s = useChecksStore.getState();
    s.started('etcd', ['a', 'b']);
    expect(useChecksStore.getState().runs.etcd).toMatchObject({ running: true, pending: ['a', 'b'] });
    s.result(result('a', 'pass'));
    expect(useChecksStore.getState().runs.etcd).toMatchObject({ running: true, pending: ['b'] });
    s.result(result('b', 'pass'));
    expect(useChecksStore.getState().runs.etcd).toMatchObject({ running: false, pending: [], allPassed: true });
  });

  it('ignores a repeated start (ours, then core’s event) and settles on runChecks’ answer', () => {
    const s = useChecksStore.getState();
    s.started('etcd', ['a', 'b']);
    s.result(result('a', 'fail'));
    s.started('etcd', ['a', 'b']);
    expect(useChecksStore.getState().runs.etcd?.pending).toEqual(['b']);
    s.finished('etcd', [result('a', 'fail'), result('b', 'pass')]);
    expect(useChecksStore.getState().runs.etcd).toMatchObject({ running: false, allPassed: false });
  });

  it('keeps an error and forgets lessons', () => {
    const s = useChecksStore.getState();
    s.started('etcd', ['a']);
    s.failed('etcd', 'Could not run the checks: no host');
    expect(useChecksStore.getState().runs.etcd).toMatchObject({ running: false, error: 'Could not run the checks: no host' });
    s.forget(['etcd']);
    expect(useChecksStore.getState().runs.etcd).toBeUndefined();
  });
});
