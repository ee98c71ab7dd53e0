// Turns a connection test (HostTestReport, or the error testHost threw) into words and a
// status for the learner: a headline for the checklist, the problem that stopped the
// connection, and the dot the sidebar shows per role. Pure.
import type { HostSummary, HostTestReport, HostTestStep, SecretStorageInfo } from '../../../common/api';

export type StepStatus = HostTestStep['status'];

export const STEP_STATUS_WORDS: Record<StepStatus, string> = {
  pass: 'Passed',
  fail: 'Failed',
  warn: 'Warning',
  skip: 'Skipped',
};

export interface ReportSummary {
  tone: 'pass' | 'warn' | 'fail';
  title: string;
  counts: Record<StepStatus, number>;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function summariseReport(report: HostTestReport, hostname: string): ReportSummary {
  const counts: Record<StepStatus, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const step of report.steps) counts[step.status] += 1;
  if (!report.ok || counts.fail > 0) {
    const n = Math.max(counts.fail, 1);
    return { tone: 'fail', title: `${hostname} is not ready yet: ${plural(n, 'problem', 'problems')} to fix`, counts };
  }
  if (counts.warn > 0) {
    return { tone: 'warn', title: `Connected to ${hostname}, with ${plural(counts.warn, 'thing', 'things')} to look at`, counts };
  }
  return { tone: 'pass', title: `${hostname} is ready for the course`, counts };
}

export type ProblemKind = 'unreachable' | 'authentication' | 'hostkey' | 'other';

export interface HostProblem {
  kind: ProblemKind;
  title: string;
  message: string;
  /** What the learner can try. */
  hints: string[];
}

const TITLES: Record<ProblemKind, string> = {
  unreachable: 'Could not reach the VM',
  authentication: 'Authentication failed: the VM refused the login',
  hostkey: 'The VM’s host key was not accepted',
  other: 'The connection test failed',
};

function hintsFor(kind: ProblemKind, address: string, port: number): string[] {
  switch (kind) {
    case 'unreachable':
      return [
        'Is the VM running? Check it in your virtualisation software.',
        `Is ${address} the right address? On the VM’s console, \`ip -4 addr\` lists its addresses.`,
        `Is the SSH server running and listening on port ${port}? On the VM: \`systemctl status ssh\`.`,
      ];
    case 'authentication':
      return [
        'Check the user name and the password (or the key file and its passphrase).',
        'Logging in as root with a password needs `PermitRootLogin yes` in the VM’s /etc/ssh/sshd_config.',
      ];
    case 'hostkey':
      return ['The app sends no password before you trust the VM’s key. Test the connection again to see the key.'];
    default:
      return [];
  }
}

/** Sorts an error message from testHost into the kinds the learner can act on. */
export function classifyError(message: string): ProblemKind {
  if (/host ?key|fingerprint|known.?host/i.test(message)) return 'hostkey';
  if (/auth|permission denied|password|passphrase|login|credential|private key/i.test(message)) return 'authentication';
  if (/unreach|could not reach|no answer|no response|refused|timed? ?out|timeout|ECONN|EHOST|ENETUNREACH|ENOTFOUND|EAI_AGAIN|no route|resolve|reset|closed/i.test(message)) {
    return 'unreachable';
  }
  return 'other';
}

export function problemFromError(message: string, address: string, port: number): HostProblem {
  const kind = classifyError(message);
  return { kind, title: TITLES[kind], message, hints: hintsFor(kind, address, port) };
}

const STEP_KIND: Partial<Record<HostTestStep['id'], ProblemKind>> = {
  reach: 'unreachable',
  hostkey: 'hostkey',
  auth: 'authentication',
};

/** The failed connection step (reach, host key, login) of a report, if the test stopped there. */
export function reportProblem(report: HostTestReport, address: string, port: number): HostProblem | null {
  const step = report.steps.find((s) => s.status === 'fail' && STEP_KIND[s.id]);
  if (!step) return null;
  const kind = STEP_KIND[step.id] as ProblemKind;
  return { kind, title: TITLES[kind], message: step.detail || step.label, hints: hintsFor(kind, address, port) };
}

/** The dot beside each role: not set up, saved but untested, testing, or the last test's result. */
export type HostStatus = 'none' | 'saved' | 'testing' | 'pass' | 'warn' | 'fail';

export const HOST_STATUS_WORDS: Record<HostStatus, string> = {
  none: 'not set up',
  saved: 'saved, not tested',
  testing: 'testing…',
  pass: 'connected',
  warn: 'connected, with warnings',
  fail: 'connection failed',
};

export interface TestStateLike {
  phase: 'idle' | 'running' | 'done' | 'failed';
  report?: HostTestReport;
}

export function hostStatus(summary: HostSummary | undefined, test: TestStateLike | undefined): HostStatus {
  if (!summary) return test?.phase === 'running' ? 'testing' : 'none';
  if (!test || test.phase === 'idle') return 'saved';
  if (test.phase === 'running') return 'testing';
  if (test.phase === 'failed' || !test.report) return 'fail';
  const tone = summariseReport(test.report, summary.role).tone;
  return tone;
}

/** "root@10.77.0.10" or "root@10.77.0.10:2222". */
export function endpointLabel(summary: Pick<HostSummary, 'user' | 'address' | 'port'>): string {
  return `${summary.user}@${summary.address}${summary.port === 22 ? '' : `:${summary.port}`}`;
}

/** The note for what core reports about its secret store. */
export function secretNoteText(info: SecretStorageInfo): string {
  const where = info.description.replace(/\.$/, '');
  switch (info.level) {
    case 'memory':
      return `Passwords and passphrases are ${where}. After a restart, type them again; they are never written to disk.`;
    case 'weak':
      return `Passwords and passphrases are ${where}. Prefer a key file (with ssh-agent), or install a keyring such as GNOME Keyring or KWallet and restart the app.`;
    case 'encrypted':
      return `Passwords and passphrases never go into the hosts file: they are ${where}.`;
  }
}

/** Where passwords go, by host, before core has said: the browser host keeps them in memory only. */
export function secretStorageNote(runtime: 'electron' | 'browser'): string {
  return runtime === 'browser'
    ? 'Passwords are kept in memory until the app stops: after a restart, type them again. They are never written to disk.'
    : 'Passwords and passphrases never go into the hosts file: the app’s secret store keeps them, encrypted by your operating system where it offers that.';
}

/** 4096 → "4 GiB", 1536 → "1.5 GiB", 512 → "512 MiB". */
export function formatMemory(mib: number): string {
  if (mib < 1024) return `${mib} MiB`;
  const gib = Math.round((mib / 1024) * 10) / 10;
  return `${gib} GiB`;
}

/** A course host's minimum hardware in words: "2 CPUs, 4 GiB memory". */
export function describeMinimum(minimum: { cpus: number; memoryMiB: number }): string {
  return `${plural(minimum.cpus, 'CPU', 'CPUs')}, ${formatMemory(minimum.memoryMiB)} memory`;
}

/** The file on the VM whose fingerprint matches a host key of this type (for ssh-keygen -lf). */
export function hostKeyFile(keyType: string): string {
  if (keyType.startsWith('ecdsa-')) return '/etc/ssh/ssh_host_ecdsa_key.pub';
  if (keyType === 'ssh-rsa' || keyType.startsWith('rsa-')) return '/etc/ssh/ssh_host_rsa_key.pub';
  return '/etc/ssh/ssh_host_ed25519_key.pub';
}
