// "Test connection": what the learner sees after connecting to a VM. Facts are read with
// ONE command on an exec channel and compared with the course's minimums, in plain words.
import type { HostTestReport, HostTestStep, HostTestStepId } from '../../../common/api';
import type { Architecture, CourseHost } from '../../../common/course';
import type { SshConnection } from '../ssh/connection';
import { type Elevation, describeElevation } from '../ssh/root-elevation';
import { keyTypeLabel } from '../ssh/host-key';
import { isSshError, type SshError } from '../ssh/ssh-errors';
import type { TrustedKeyInfo } from './host-key-trust';
import type { StoredProfile } from './profile-store';

/** POSIX sh, no awk/grep needed: prints key=value lines. */
export const FACTS_COMMAND = [
  '. /etc/os-release 2>/dev/null',
  'echo "id=$ID"',
  'echo "name=$NAME"',
  'echo "version=$VERSION_ID"',
  'echo "pretty=$PRETTY_NAME"',
  'echo "machine=$(uname -m)"',
  'echo "cpus=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)"',
  'while read -r k v _; do [ "$k" = "MemTotal:" ] && echo "memkb=$v"; done < /proc/meminfo',
  'echo "hostname=$(hostname 2>/dev/null || cat /proc/sys/kernel/hostname)"',
  'n=0; while read -r _l; do n=$((n+1)); done < /proc/swaps; echo "swaps=$((n-1))"',
].join('; ');

export interface HostFacts {
  os: string;
  osId: string;
  osVersion: string;
  osPretty: string;
  /** `uname -m` as printed (x86_64, aarch64, …) and the release archives' name for it, when the course has archives for it. */
  machine: string;
  arch?: Architecture;
  cpus: number;
  memoryMiB: number;
  hostname: string;
  swapOn: boolean;
}

/** `uname -m` → the architecture in release archives' names; undefined for one the course has no archives for. */
const ARCH_OF_MACHINE: Record<string, Architecture> = { x86_64: 'amd64', aarch64: 'arm64' };
export const archOf = (machine: string): Architecture | undefined => (Object.hasOwn(ARCH_OF_MACHINE, machine) ? ARCH_OF_MACHINE[machine] : undefined);

export function parseFacts(stdout: string): HostFacts {
  const kv = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) kv.set(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  const num = (k: string) => Number.parseInt(kv.get(k) ?? '', 10);
  const memKb = num('memkb');
  const machine = kv.get('machine') ?? '';
  const arch = archOf(machine);
  return {
    os: kv.get('name') || kv.get('id') || 'unknown',
    osId: (kv.get('id') ?? '').toLowerCase(),
    osVersion: kv.get('version') ?? '',
    osPretty: kv.get('pretty') || kv.get('name') || 'an unknown Linux',
    machine,
    ...(arch ? { arch } : {}),
    cpus: Number.isFinite(num('cpus')) ? num('cpus') : 0,
    memoryMiB: Number.isFinite(memKb) ? Math.round(memKb / 1024) : 0,
    hostname: kv.get('hostname') ?? '',
    swapOn: num('swaps') > 0,
  };
}

/** The kernel reports a little less than the VM's configured memory: accept 10% less. */
export const MEMORY_TOLERANCE = 0.9;

function size(mib: number): string {
  return mib >= 1024 ? `${(mib / 1024).toFixed(mib % 1024 === 0 ? 0 : 1)} GiB` : `${mib} MiB`;
}

export function factSteps(host: CourseHost, facts: HostFacts): HostTestStep[] {
  const steps: HostTestStep[] = [];
  const { memoryMiB, cpus } = host.minimum;
  const who = `${host.hostname} (${host.role})`;

  if (facts.osId === 'ubuntu' && facts.osVersion === '22.04') {
    steps.push(step('os', 'pass', `${facts.osPretty}, the system the tutorial uses.`));
  } else if (facts.osId === 'debian' && facts.osVersion === '12') {
    steps.push(step('os', 'pass', `${facts.osPretty}. The tutorial is written for Ubuntu 22.04; its commands work the same on Debian 12.`));
  } else {
    steps.push(step('os', 'warn', `${facts.osPretty}. The tutorial is written for Ubuntu 22.04 (Debian 12 also works); on this system some commands or package names may differ.`));
  }

  // The archives the lessons fetch are built per architecture: each VM gets its own.
  if (facts.arch) {
    steps.push(step('arch', 'pass', facts.arch === 'amd64'
      ? `${facts.machine} (amd64): the lessons use the amd64 release archives on this VM.`
      : `${facts.machine} (arm64, as on Apple Silicon): the lessons use the arm64 release archives on this VM.`));
  } else {
    steps.push(step('arch', 'fail', `The VM reports the architecture "${facts.machine || 'unknown'}"; Kubernetes, etcd and crictl publish the archives this course uses for amd64 (x86_64) and arm64 (aarch64) only. Create a 64-bit VM.`));
  }

  steps.push(facts.cpus >= cpus
    ? step('cpus', 'pass', `${facts.cpus} CPU${facts.cpus === 1 ? '' : 's'} (at least ${cpus} needed).`)
    : step('cpus', 'fail', `${facts.cpus} CPU${facts.cpus === 1 ? '' : 's'}, but ${who} needs at least ${cpus}. Give the VM more CPUs and start it again.`));

  steps.push(facts.memoryMiB >= memoryMiB * MEMORY_TOLERANCE
    ? step('memory', 'pass', `${size(facts.memoryMiB)} of memory (at least ${size(memoryMiB)} needed).`)
    : step('memory', 'fail', `${size(facts.memoryMiB)} of memory, but ${who} needs at least ${size(memoryMiB)}. Give the VM more memory and start it again.`));

  steps.push(facts.hostname === host.hostname
    ? step('hostname', 'pass', `The VM is called ${facts.hostname}, as the course expects.`)
    : step('hostname', 'warn', `The VM is called "${facts.hostname || '(empty)'}"; the course calls it ${host.hostname}. That is fine for now: the Set up the nodes lesson renames it.`));

  steps.push(facts.swapOn
    ? step('swap', 'warn', 'Swap is on. The kubelet refuses to start with swap on; the Install dependencies lesson turns it off.')
    : step('swap', 'pass', 'Swap is off, as the kubelet needs.'));
  return steps;
}

/** Root login, passwordless sudo, or sudo with the saved password; otherwise what is missing. */
export function rootStep(elevation: Elevation, user: string): HostTestStep {
  return step('root', elevation.kind === 'none' ? 'fail' : 'pass', describeElevation(elevation, user));
}

const LABELS: Record<HostTestStepId, string> = {
  reach: 'Reach the VM',
  hostkey: 'Host key',
  auth: 'Log in',
  root: 'Acts as root',
  os: 'Operating system',
  arch: 'Architecture',
  cpus: 'Processors',
  memory: 'Memory',
  hostname: 'Host name',
  swap: 'Swap',
};
const ORDER: HostTestStepId[] = ['reach', 'hostkey', 'auth', 'root', 'os', 'arch', 'cpus', 'memory', 'hostname', 'swap'];

export function skipped(id: HostTestStepId, detail = 'Not checked: an earlier step failed.'): HostTestStep {
  return { id, label: LABELS[id], status: 'skip', detail };
}

export function step(id: HostTestStepId, status: HostTestStep['status'], detail: string): HostTestStep {
  return { id, label: LABELS[id], status, detail };
}

/** The report when connecting failed: the failing step, passes before it, skips after. */
export function connectFailureSteps(err: SshError): HostTestStep[] {
  const failAt: HostTestStepId =
    err.kind === 'credentials' ? 'auth' : err.phase === 'reach' ? 'reach' : err.phase === 'hostkey' ? 'hostkey' : err.phase === 'auth' ? 'auth' : 'reach';
  const steps: HostTestStep[] = [];
  for (const id of ORDER) {
    if (id === failAt) {
      steps.push(step(id, 'fail', err.message));
    } else if (ORDER.indexOf(id) < ORDER.indexOf(failAt)) {
      // Credential problems are found before connecting: nothing earlier was tried.
      steps.push(err.kind === 'credentials' ? skipped(id, 'Not tried: the login details are incomplete.') : step(id, 'pass', id === 'reach' ? 'The VM answered on the SSH port.' : 'The host key is trusted.'));
    } else {
      steps.push(skipped(id));
    }
  }
  return steps;
}

export function reportOf(role: string, steps: HostTestStep[], facts?: HostFacts): HostTestReport {
  return {
    role,
    ok: steps.every((s) => s.status !== 'fail'),
    steps,
    ...(facts ? { facts: { os: facts.os, osVersion: facts.osVersion, machine: facts.machine, ...(facts.arch ? { arch: facts.arch } : {}), cpus: facts.cpus, memoryMiB: facts.memoryMiB, hostname: facts.hostname, swapOn: facts.swapOn } } : {}),
  };
}

export interface HostTestDeps {
  /** A fresh connection with the host's current settings. */
  dial(): Promise<Pick<SshConnection, 'exec' | 'close' | 'elevation'>>;
  /** The key the dial trusted, and how. */
  trustedKey(): TrustedKeyInfo | undefined;
}

/** Connects afresh, reads the facts and reports every step; SSH failures are steps, not errors. */
export async function runHostTest(host: CourseHost, profile: StoredProfile, deps: HostTestDeps): Promise<HostTestReport> {
  const role = host.role;
  const started = Date.now();
  let conn: Pick<SshConnection, 'exec' | 'close' | 'elevation'>;
  try {
    // Always a fresh connection: a test must really reach the VM and check its current
    // host key, and must not disturb the terminals on the shared connection.
    conn = await deps.dial();
  } catch (err) {
    if (isSshError(err)) return reportOf(role, connectFailureSteps(err));
    throw err;
  }
  const ms = Date.now() - started;
  const via = profile.jump ? ` through the jump host ${profile.jump.address}:${profile.jump.port}` : '';
  const key = deps.trustedKey();
  const steps = [
    step('reach', 'pass', `${profile.address}:${profile.port} answered${via} (connected and logged in in ${(ms / 1000).toFixed(1)} s).`),
    step('hostkey', 'pass', key ? `The ${keyTypeLabel(key.keyType)} key ${key.fingerprint} is trusted (${key.how}).` : 'The host key is trusted.'),
    step('auth', 'pass', `Logged in as ${profile.user} with ${profile.auth.method === 'password' ? 'the password' : profile.auth.method === 'key' ? `the key ${profile.auth.privateKeyPath}` : 'your SSH agent'}.`),
    rootStep(conn.elevation, profile.user),
  ];
  if (conn.elevation.kind === 'none') {
    // The facts are read as root like everything else: without root, they cannot be.
    conn.close();
    return reportOf(role, [...steps, ...(['os', 'arch', 'cpus', 'memory', 'hostname', 'swap'] as const).map((id) => skipped(id, 'Not checked: the app cannot act as root yet.'))]);
  }
  try {
    const result = await conn.exec(FACTS_COMMAND, { timeoutMs: 15_000 });
    const facts = parseFacts(result.stdout);
    return reportOf(role, [...steps, ...factSteps(host, facts)], facts);
  } catch (err) {
    if (!isSshError(err)) throw err;
    return reportOf(role, [...steps, step('os', 'fail', `Could not read the VM's details: ${err.message}`), skipped('arch'), skipped('cpus'), skipped('memory'), skipped('hostname'), skipped('swap')]);
  } finally {
    conn.close();
  }
}
