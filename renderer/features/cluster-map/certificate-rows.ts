// The certificates table's words: how long a certificate has left, and which rows need the
// learner's attention (expired, within the 30 days the course's checks require, unreadable).
import type { CertificateExpiry } from '../../../common/api';

/** The course's checks want at least this many days left (`notExpiredFor: 30d`). */
export const RENEW_WITHIN_DAYS = 30;

export function describeDaysLeft(days: number): string {
  if (days < 0) return days === -1 ? 'expired yesterday' : `expired ${-days} days ago`;
  if (days === 0) return 'expires today';
  return days === 1 ? '1 day left' : `${days} days left`;
}

export type RowTone = 'ok' | 'soon' | 'expired' | 'problem';

export function rowTone(row: CertificateExpiry): RowTone {
  if (row.daysLeft === undefined) return 'problem';
  if (row.daysLeft < 0) return 'expired';
  return row.daysLeft < RENEW_WITHIN_DAYS ? 'soon' : 'ok';
}

/** "2 of 14 certificates need renewing" or "All 14 certificates have more than 30 days left". */
export function summarize(rows: CertificateExpiry[]): string {
  const certs = rows.filter((r) => r.daysLeft !== undefined);
  const due = certs.filter((r) => rowTone(r) !== 'ok').length;
  const problems = rows.length - certs.length;
  const head = certs.length === 0
    ? 'No certificate found yet'
    : due === 0
      ? `All ${certs.length} certificate${certs.length === 1 ? ' has' : 's have'} more than ${RENEW_WITHIN_DAYS} days left`
      : `${due} of ${certs.length} certificates need renewing`;
  return problems ? `${head}; ${problems} could not be read.` : `${head}.`;
}
