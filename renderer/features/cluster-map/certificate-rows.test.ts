import { describe, expect, it } from 'vitest';
import { describeDaysLeft, rowTone, summarize } from './certificate-rows';

const row = (daysLeft?: number) => ({ role: 'master', hostname: 'kube-master', path: '/root/certificates/x.crt', ...(daysLeft === undefined ? { problem: 'unreadable' } : { daysLeft }) });

describe('the certificates table', () => {
  it('says how long is left, and marks what needs renewing within the checks\' 30 days', () => {
    expect([364, 1, 0, -1, -12].map(describeDaysLeft)).toEqual(['364 days left', '1 day left', 'expires today', 'expired yesterday', 'expired 12 days ago']);
    expect([365, 30, 29, -1, undefined].map((d) => rowTone(row(d)))).toEqual(['ok', 'ok', 'soon', 'expired', 'problem']);
  });

  it('sums it up', () => {
    expect(summarize([row(300), row(364)])).toBe('All 2 certificates have more than 30 days left.');
    expect(summarize([row(3), row(364), row(undefined)])).toBe('1 of 2 certificates need renewing; 1 could not be read.');
    expect(summarize([])).toBe('No certificate found yet.');
  });
});
