// Test access to the e2e lab (e2e/lab/lab.sh): its hosts and out-of-band control of the
// VMs (exec without SSH, rekey, link down/up). Tests that need the lab fail with a clear
// message when it is down; `npm test` brings it up first.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

const LAB = join(import.meta.dirname, '..', 'lab', 'lab.sh');

export interface LabHost {
  role: 'master' | 'worker';
  hostname: string;
  address: string;
  port: number;
  user: string;
  password: string;
  privateKeyPath: string;
  up: boolean;
}

export function labHosts(): LabHost[] {
  const r = spawnSync('bash', [LAB, 'status'], { encoding: 'utf8' });
  const hosts = (JSON.parse(r.stdout || '{"hosts":[]}') as { hosts: LabHost[] }).hosts;
  if (r.status !== 0 || hosts.length !== 2 || !hosts.every((h) => h.up)) {
    throw new Error('The e2e lab is not up: run `npm run lab -- up` as root (see e2e/README.md).');
  }
  return hosts;
}

export function labHost(role: 'master' | 'worker'): LabHost {
  const host = labHosts().find((h) => h.role === role);
  if (!host) throw new Error(`no ${role} in the lab`);
  return host;
}

/** Runs a command inside a VM without SSH; returns stdout. Throws on a non-zero exit. */
export function labExec(role: 'master' | 'worker', command: string): string {
  return execFileSync('bash', [LAB, 'exec', role, '--', 'bash', '-c', command], { encoding: 'utf8' });
}

export function labRekey(role: 'master' | 'worker'): string {
  return execFileSync('bash', [LAB, 'rekey', role], { encoding: 'utf8' }).trim();
}

export function labNet(role: 'master' | 'worker', state: 'up' | 'down'): void {
  execFileSync('bash', [LAB, 'net', role, state], { encoding: 'utf8' });
}

/**
 * Settings the lab's archives need (`lab.sh artifacts`): its etcd is Debian's 3.4.23, and its
 * stand-in Kubernetes binaries claim `<course version>-lab`, so that they are checked
 * against their own checksum files and never taken for the release whose digests
 * course.yaml pins (see e2e/README.md).
 */
export function labVariableOverrides(): Record<string, string> {
  const course = readFileSync(join(import.meta.dirname, '..', '..', 'lessons', 'course.yaml'), 'utf8');
  const { versions } = parseYaml(course) as { versions: { kubernetes: string } };
  return { 'versions.etcd': '3.4.23', 'versions.kubernetes': process.env.LAB_K8S_VERSION || `${versions.kubernetes}-lab` };
}

/** Where the stand-in uname lives in a VM: before /usr/bin in root's PATH (SSH sessions too). */
export const STANDIN_UNAME = '/usr/local/bin/uname';

/**
 * Makes a lab VM report another machine (`uname -m` → `aarch64`, as an arm64 VM on Apple
 * Silicon does) with a stand-in uname; everything else is the real uname's answer. The VM
 * stays amd64: only what the app reads changes. `null` removes the stand-in.
 */
export function labPretendMachine(role: 'master' | 'worker', machine: 'aarch64' | null): void {
  if (machine === null) {
    labExec(role, `grep -qs 'e2e-lab STAND-IN uname' ${STANDIN_UNAME} && rm -f ${STANDIN_UNAME}; true`);
    return;
  }
  labExec(role, [
    `cat > ${STANDIN_UNAME} <<'UNAME'`,
    '#!/bin/sh',
    '# e2e-lab STAND-IN uname (e2e/helpers/lab.ts): reports another machine for -m / -p / -i.',
    `case "$*" in -m|-p|-i|--machine|--processor|--hardware-platform) echo ${machine}; exit 0 ;; esac`,
    'exec /usr/bin/uname "$@"',
    'UNAME',
    `chmod 0755 ${STANDIN_UNAME}`,
  ].join('\n'));
}

/** The lab's logins other than root (lab.sh add_sudo_users): same password and key as root. */
export interface LabSudoUsers {
  /** May use sudo without a password (as `ubuntu` on a cloud image). */
  nopasswd: string;
  /** In the sudo group: sudo asks for its password. */
  password: string;
  /** May not use sudo. */
  nosudo: string;
}

export function labSudoUsers(): LabSudoUsers {
  const r = spawnSync('bash', [LAB, 'status'], { encoding: 'utf8' });
  const users = (JSON.parse(r.stdout || '{}') as { sudoUsers?: LabSudoUsers }).sudoUsers;
  if (!users) throw new Error('The e2e lab reports no sudo users: bring it up again with this lab.sh (`npm run lab -- down && npm run lab -- up`).');
  return users;
}
