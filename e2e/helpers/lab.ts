// Test access to the e2e lab (e2e/lab/lab.sh): its hosts and out-of-band control of the
// VMs (exec without SSH, rekey, link down/up). Tests that need the lab fail with a clear
// message when it is down; `npm test` brings it up first.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

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
