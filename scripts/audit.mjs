// `npm run audit:prod [-- --strict]`: npm audit of the production dependencies (what the
// packages ship), failing on any high or critical advisory. When npm's advisory service
// can't be reached (the CI machine's registry mirror answers 405 to it), the audit did not
// happen: that is said loudly, and fails only with --strict, which a release machine uses
// (docs/releasing.md).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BLOCKING = new Set(['high', 'critical']);

/**
 * Reads `npm audit --json` output.
 * @param {string} stdout
 * @returns {{ state: 'clean' | 'vulnerable' | 'unavailable', findings: Array<{ name: string, severity: string, titles: string[] }>, counts?: Record<string, number>, reason?: string }}
 */
export function judgeAudit(stdout) {
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    return { state: 'unavailable', findings: [], reason: `npm audit printed no JSON: ${stdout.slice(0, 200) || '(nothing)'}` };
  }
  if (!report || typeof report !== 'object' || !report.vulnerabilities || !report.metadata) {
    const reason = report?.message ?? report?.error?.summary ?? 'npm audit returned no report';
    return { state: 'unavailable', findings: [], reason: String(reason) };
  }
  const findings = Object.values(report.vulnerabilities)
    .filter((v) => BLOCKING.has(v.severity))
    .map((v) => ({
      name: v.name,
      severity: v.severity,
      // `via` holds advisories (objects) or names of the vulnerable packages it comes through.
      titles: v.via.map((via) => (typeof via === 'string' ? `through ${via}` : `${via.title} (${via.url})`)),
    }));
  return { state: findings.length ? 'vulnerable' : 'clean', findings, counts: report.metadata.vulnerabilities };
}

function main() {
  const strict = process.argv.includes('--strict');
  const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', shell: process.platform === 'win32' });
  const verdict = judgeAudit(run.stdout ?? '');
  if (verdict.state === 'unavailable') {
    console.error(`audit:prod: NOT AUDITED: npm's advisory service could not be asked (${verdict.reason}).`);
    process.exit(strict ? 2 : 0);
  }
  const c = verdict.counts ?? {};
  console.log(`audit:prod: production dependencies: critical ${c.critical ?? 0}, high ${c.high ?? 0}, moderate ${c.moderate ?? 0}, low ${c.low ?? 0}`);
  for (const f of verdict.findings) console.log(`  ${f.severity} ${f.name}: ${f.titles.join('; ')}`);
  process.exit(verdict.state === 'clean' ? 0 : 1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
