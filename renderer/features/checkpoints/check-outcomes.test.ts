import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../common/api';
import {
  countOutcomes,
  firstFailure,
  formatDuration,
  isFailure,
  latestAt,
  mergeResults,
  outcomeLabel,
  passNote,
  relativeTime,
  summarize,
  unreachableText,
} from './check-outcomes';

const NOW = Date.parse('2025-03-01T12:00:00Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

describe('outcome words', () => {
  it('names every outcome and the two in-between states', () => {
    expect(outcomeLabel('pass')).toBe('Passed');
    expect(outcomeLabel('fail')).toBe('Failed');
    expect(outcomeLabel('unreachable')).toBe('Not reached');
    expect(outcomeLabel('timeout')).toBe('Timed out');
    expect(outcomeLabel('error')).toBe('Could not check');
    expect(outcomeLabel('running')).toBe('Checking…');
    expect(outcomeLabel('unchecked')).toBe('Not checked yet');
  });

  it('counts only fail and timeout as the learner’s failures', () => {
    expect(isFailure('fail')).toBe(true);
    expect(isFailure('timeout')).toBe(true);
    expect(isFailure('unreachable')).toBe(false);
    expect(isFailure('error')).toBe(false);
    expect(isFailure('pass')).toBe(false);
  });

  it('drops a bare "exit code 0" from a pass', () => {
    expect(passNote('exit code 0')).toBeUndefined();
    expect(passNote(undefined)).toBeUndefined();
    expect(passNote('exit code 0: "rtt 0.1 ms"')).toBe('exit code 0: "rtt 0.1 ms"');
  });

  it('says a host that was not reached is not a failure', () => {
    expect(unreachableText('kube-worker')).toMatch(/^Couldn't reach kube-worker/);
    expect(unreachableText('kube-worker')).toMatch(/not counted as a failure/);
  });
});

describe('relativeTime', () => {
  it.each([
    [5, 'just now'],
    [44, 'just now'],
    [60, '1 min ago'],
    [5 * 60, '5 min ago'],
    [59 * 60, '59 min ago'],
    [2 * 3600, '2 h ago'],
    [30 * 3600, 'yesterday'],
    [3 * 86400, '3 days ago'],
  ])('%i s ago → %s', (seconds, words) => {
    expect(relativeTime(ago(seconds), NOW)).toBe(words);
  });

  it('gives the date for old results, and copes with clock skew and junk', () => {
    expect(relativeTime('2025-01-02T08:00:00Z', NOW)).toBe('on 2025-01-02');
    expect(relativeTime(new Date(NOW + 60_000).toISOString(), NOW)).toBe('just now');
    expect(relativeTime('not a date', NOW)).toBe('at an unknown time');
  });
});

describe('formatDuration', () => {
  it('uses ms below a second and seconds above', () => {
    expect(formatDuration(undefined)).toBeUndefined();
    expect(formatDuration(340)).toBe('340 ms');
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(12_345)).toBe('12 s');
  });
});

describe('mergeResults', () => {
  const specs = [
    { id: 'a', hint: 'Start etcd.' },
    { id: 'b', hint: 'Check the unit.' },
    { id: 'c' },
  ];
  const live = (checkId: string, outcome: CheckResult['outcome'], at: string, extra: Partial<CheckResult> = {}): CheckResult => ({
    lessonId: 'etcd',
    checkId,
    outcome,
    message: `${checkId} ${outcome}`,
    at,
    ...extra,
  });

  it('prefers the newer of live and stored, and fills in the spec hint for a failure', () => {
    const merged = mergeResults(
      specs,
      { a: live('a', 'fail', ago(60), { details: ['journal line'] }), b: live('b', 'pass', ago(600)) },
      { a: { outcome: 'pass', at: ago(3600) }, b: { outcome: 'fail', at: ago(30), message: 'etcd is inactive' } },
    );
    expect(merged.a).toMatchObject({ outcome: 'fail', details: ['journal line'], hint: 'Start etcd.' });
    expect(merged.b).toMatchObject({ outcome: 'fail', message: 'etcd is inactive', hint: 'Check the unit.' });
    expect(merged.c).toBeUndefined();
  });

  it('keeps a kind’s own hint and adds no hint to a pass', () => {
    const merged = mergeResults(specs, { a: live('a', 'fail', ago(5), { hint: 'Its own advice' }), b: live('b', 'pass', ago(5)) }, undefined);
    expect(merged.a?.hint).toBe('Its own advice');
    expect(merged.b?.hint).toBeUndefined();
  });
});

describe('summaries', () => {
  it('summarizes a list', () => {
    expect(summarize(['a', 'b'], {})).toBe('unchecked');
    expect(summarize(['a', 'b'], { a: { outcome: 'pass' }, b: { outcome: 'pass' } })).toBe('all-pass');
    expect(summarize(['a', 'b'], { a: { outcome: 'pass' }, b: { outcome: 'timeout' } })).toBe('failures');
    expect(summarize(['a', 'b'], { a: { outcome: 'pass' }, b: { outcome: 'unreachable' } })).toBe('not-reached');
    expect(summarize(['a', 'b'], { a: { outcome: 'pass' } })).toBe('partial');
  });

  it('counts outcomes in words', () => {
    expect(countOutcomes([{ outcome: 'pass' }, { outcome: 'pass' }, { outcome: 'fail' }, { outcome: 'unreachable' }])).toBe('2 passed, 1 failed, 1 not reached');
    expect(countOutcomes([])).toBe('');
  });

  it('finds the newest time and the first failure in course order', () => {
    expect(latestAt([{ at: ago(60) }, { at: ago(5) }, { at: 'junk' }])).toBe(ago(5));
    expect(latestAt([])).toBeUndefined();
    const specs = [{ id: 'a', title: 'etcd runs' }, { id: 'b' }];
    expect(firstFailure(specs, { a: { outcome: 'pass' }, b: { outcome: 'fail', message: 'expected active, found inactive' } })).toEqual({
      checkId: 'b',
      title: 'b',
      message: 'expected active, found inactive',
    });
    expect(firstFailure(specs, { a: { outcome: 'timeout' } })).toEqual({ checkId: 'a', title: 'etcd runs', message: 'Timed out' });
    expect(firstFailure(specs, { a: { outcome: 'unreachable' } })).toBeUndefined();
  });
});
