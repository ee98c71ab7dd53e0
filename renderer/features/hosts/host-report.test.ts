import { describe, expect, it } from 'vitest';
import type { HostSummary, HostTestReport, HostTestStep } from '../../../common/api';
import {
  classifyError,
  describeMinimum,
  endpointLabel,
  formatMemory,
  hostKeyFile,
  hostStatus,
  problemFromError,
  reportProblem,
  secretNoteText,
  secretStorageNote,
  summariseReport,
} from './host-report';

const step = (id: HostTestStep['id'], status: HostTestStep['status'], detail = ''): HostTestStep => ({ id, label: id, status, detail });
const report = (ok: boolean, steps: HostTestStep[]): HostTestReport => ({ role: 'master', ok, steps });
const saved: HostSummary = { role: 'master', address: '10.77.0.10', port: 22, user: 'root', auth: 'password', hasSecret: true };

describe('summariseReport', () => {
  it('says ready when every step passed (skips do not count)', () => {
    const s = summariseReport(report(true, [step('reach', 'pass'), step('swap', 'skip')]), 'kube-master');
    expect(s).toMatchObject({ tone: 'pass', title: 'kube-master is ready for the course', counts: { pass: 1, skip: 1, fail: 0, warn: 0 } });
  });

  it('counts warnings and problems', () => {
    expect(summariseReport(report(true, [step('reach', 'pass'), step('memory', 'warn')]), 'kube-master')).toMatchObject({
      tone: 'warn',
      title: 'Connected to kube-master, with 1 thing to look at',
    });
    expect(summariseReport(report(false, [step('cpus', 'fail'), step('memory', 'fail')]), 'kube-worker')).toMatchObject({
      tone: 'fail',
      title: 'kube-worker is not ready yet: 2 problems to fix',
    });
  });

  it('treats ok=false as a failure even without a failed step', () => {
    expect(summariseReport(report(false, [step('reach', 'pass')]), 'vm').tone).toBe('fail');
  });
});

describe('problems', () => {
  it('sorts error messages into what the learner can act on', () => {
    expect(classifyError('connect ETIMEDOUT 10.77.0.99:22')).toBe('unreachable');
    expect(classifyError('Could not reach 10.77.0.99:22: no answer')).toBe('unreachable');
    expect(classifyError('connect ECONNREFUSED')).toBe('unreachable');
    expect(classifyError('All configured authentication methods failed')).toBe('authentication');
    expect(classifyError('Permission denied (password)')).toBe('authentication');
    expect(classifyError('The host key of 10.77.0.11:22 has changed')).toBe('hostkey');
    expect(classifyError('something odd')).toBe('other');
  });

  it('words an unreachable VM with the address to check', () => {
    const p = problemFromError('connect EHOSTUNREACH', '10.77.0.99', 22);
    expect(p.title).toBe('Could not reach the VM');
    expect(p.hints.join(' ')).toContain('10.77.0.99');
  });

  it('finds the connection step a report stopped at', () => {
    expect(reportProblem(report(false, [step('reach', 'pass'), step('auth', 'fail', 'Permission denied')]), 'h', 22)).toMatchObject({
      kind: 'authentication',
      message: 'Permission denied',
    });
    expect(reportProblem(report(false, [step('reach', 'pass'), step('cpus', 'fail')]), 'h', 22)).toBeNull();
  });
});

describe('hostStatus', () => {
  it('goes from not set up to saved, testing and the result', () => {
    expect(hostStatus(undefined, undefined)).toBe('none');
    expect(hostStatus(saved, undefined)).toBe('saved');
    expect(hostStatus(saved, { phase: 'running' })).toBe('testing');
    expect(hostStatus(saved, { phase: 'failed' })).toBe('fail');
    expect(hostStatus(saved, { phase: 'done', report: report(true, [step('reach', 'pass')]) })).toBe('pass');
    expect(hostStatus(saved, { phase: 'done', report: report(true, [step('memory', 'warn')]) })).toBe('warn');
    expect(hostStatus(saved, { phase: 'done', report: report(false, [step('cpus', 'fail')]) })).toBe('fail');
  });
});

describe('words', () => {
  it('formats memory, minimums, endpoints and key files', () => {
    expect(formatMemory(4096)).toBe('4 GiB');
    expect(formatMemory(1536)).toBe('1.5 GiB');
    expect(formatMemory(512)).toBe('512 MiB');
    expect(describeMinimum({ cpus: 1, memoryMiB: 1024 })).toBe('1 CPU, 1 GiB memory');
    expect(describeMinimum({ cpus: 2, memoryMiB: 4096 })).toBe('2 CPUs, 4 GiB memory');
    expect(endpointLabel(saved)).toBe('root@10.77.0.10');
    expect(endpointLabel({ ...saved, port: 2222 })).toBe('root@10.77.0.10:2222');
    expect(hostKeyFile('ssh-ed25519')).toBe('/etc/ssh/ssh_host_ed25519_key.pub');
    expect(hostKeyFile('ecdsa-sha2-nistp256')).toBe('/etc/ssh/ssh_host_ecdsa_key.pub');
    expect(hostKeyFile('rsa-sha2-512')).toBe('/etc/ssh/ssh_host_rsa_key.pub');
  });

  it('says plainly that the browser host keeps passwords in memory', () => {
    expect(secretStorageNote('browser')).toMatch(/^Passwords are kept in memory until the app stops/);
  });

  it('words what core reports about its secret store, and warns when it is weak', () => {
    expect(secretNoteText({ level: 'encrypted', description: 'saved encrypted with a key from your macOS Keychain' }))
      .toBe('Passwords and passphrases never go into the hosts file: they are saved encrypted with a key from your macOS Keychain.');
    expect(secretNoteText({ level: 'memory', description: 'kept in memory only, until the app stops' }))
      .toBe('Passwords and passphrases are kept in memory only, until the app stops. After a restart, type them again; they are never written to disk.');
    const weak = secretNoteText({ level: 'weak', description: 'saved in secrets.json, but NOT really protected: no keyring. Anyone who can read your files can read them.' });
    expect(weak).toMatch(/^Passwords and passphrases are saved in secrets.json, but NOT really protected: .* read them\. Prefer a key file/);
  });
});
