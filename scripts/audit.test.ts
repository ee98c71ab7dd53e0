// judgeAudit on npm audit's JSON. MOCKED: the reports are written in npm 11's
// `npm audit --json` format, because npm's advisory service can't be reached from this
// machine (its registry mirror answers 405); the 405 body below is the one it printed.
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain .mjs script
import { judgeAudit } from './audit.mjs';

type Verdict = { state: string; findings: Array<{ name: string; severity: string; titles: string[] }>; reason?: string };
const judge = judgeAudit as (stdout: string) => Verdict;

const report = (vulnerabilities: Record<string, unknown>, counts: Record<string, number>) =>
  JSON.stringify({ auditReportVersion: 2, vulnerabilities, metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...counts }, dependencies: { prod: 60 } } });

describe('judgeAudit', () => {
  it('passes a report with no high or critical advisory', () => {
    const moderate = { name: 'x', severity: 'moderate', via: [{ title: 'slow regex', url: 'https://github.com/advisories/GHSA-1' }] };
    expect(judge(report({ x: moderate }, { moderate: 1 })).state).toBe('clean');
    expect(judge(report({}, {})).state).toBe('clean');
  });

  it('fails on high and critical advisories and names them, direct or through another package', () => {
    const verdict = judge(report({
      'node-forge': { name: 'node-forge', severity: 'high', via: [{ title: 'signature forgery', url: 'https://github.com/advisories/GHSA-2' }] },
      ssh2: { name: 'ssh2', severity: 'critical', via: ['node-forge'] },
    }, { high: 1, critical: 1 }));
    expect(verdict.state).toBe('vulnerable');
    expect(verdict.findings).toEqual([
      { name: 'node-forge', severity: 'high', titles: ['signature forgery (https://github.com/advisories/GHSA-2)'] },
      { name: 'ssh2', severity: 'critical', titles: ['through node-forge'] },
    ]);
  });

  it('says the audit did not happen when the advisory service refuses (this machine) or prints nothing', () => {
    const refused = JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405, body: '', error: { summary: '', detail: '' } });
    expect(judge(refused)).toMatchObject({ state: 'unavailable', reason: expect.stringContaining('405') });
    expect(judge('').state).toBe('unavailable');
  });
});
