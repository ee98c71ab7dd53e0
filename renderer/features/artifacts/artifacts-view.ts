// Pure helpers of the artifacts panel (no React): sizes, progress keys and percentages,
// and the words shown for each phase.
import type { ArtifactProgress, ArtifactStatus, DigestSourceView } from '../../../common/api';

export function formatSize(n: number | undefined): string {
  if (n === undefined) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/** One bar per artifact and target: the download/import on this computer, or one upload per role. */
export const progressKey = (p: Pick<ArtifactProgress, 'artifactId' | 'role'>) => `${p.artifactId}@${p.role ?? 'local'}`;

/** 0–100, or undefined when the total is unknown (an indeterminate bar). */
export function progressPercent(p: ArtifactProgress): number | undefined {
  if (p.phase === 'done') return 100;
  if (!p.total || p.total <= 0) return undefined;
  return Math.max(0, Math.min(100, Math.round((p.bytes / p.total) * 100)));
}

const PHASE: Record<ArtifactProgress['phase'], string> = {
  download: 'Downloading',
  import: 'Copying from the folder',
  verify: 'Checking',
  upload: 'Uploading',
  done: 'Done',
  failed: 'Failed',
};

export function describeProgress(p: ArtifactProgress, hostname?: (role: string) => string): string {
  const where = p.role ? ` to ${hostname ? hostname(p.role) : p.role}` : '';
  if (p.phase === 'done' || p.phase === 'failed') return p.message ?? PHASE[p.phase];
  const amount = p.total ? `${formatSize(p.bytes)} of ${formatSize(p.total)}` : p.bytes ? formatSize(p.bytes) : '';
  const verb = p.phase === 'upload' ? `Uploading${where}` : PHASE[p.phase];
  return [verb, amount].filter(Boolean).join(': ') + (p.message && !amount ? ` — ${p.message}` : '');
}

/** The roles any artifact goes to, in the course's host order. */
export function uploadRoles(artifacts: ArtifactStatus[], hostOrder: string[]): string[] {
  const used = new Set(artifacts.flatMap((a) => a.hosts));
  return [...hostOrder.filter((r) => used.has(r)), ...[...used].filter((r) => !hostOrder.includes(r))];
}

/** Is anything for this role ready to upload? */
export const readyFor = (artifacts: ArtifactStatus[], role: string) => artifacts.some((a) => a.cached && a.hosts.includes(role));

/** Which digest an archive is checked against, in the learner's words. */
export function describeDigestSource(d: DigestSourceView): string {
  const alg = d.algorithm.toUpperCase().replace('SHA', 'SHA-');
  if (d.kind === 'pinned') return `Checked against the ${alg} digest published for ${d.version ? `v${d.version}` : 'this release'}, pinned in the course (no checksum file needed).`;
  const why = d.instead ? ` (the course pins the digest of v${d.instead}; this is another version)` : '';
  return `Checked against the ${alg} checksum file ${d.url}${why}.`;
}
