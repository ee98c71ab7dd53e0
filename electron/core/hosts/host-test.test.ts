import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExecResult } from '../ssh/connection';
import { SshError } from '../ssh/ssh-errors';
import type { Elevation } from '../ssh/root-elevation';
import { FACTS_COMMAND, factSteps, parseFacts, reportOf, runHostTest } from './host-test';
import type { StoredProfile } from './profile-store';
import { testCourse } from './test-support';

const master = testCourse.hosts[0]!;
const out = (o: Record<string, string>) => Object.entries(o).map(([k, v]) => `${k}=${v}`).join('\n');
const base = { id: 'ubuntu', name: 'Ubuntu', version: '22.04', pretty: 'Ubuntu 22.04.4 LTS', cpus: '2', memkb: String(4096 * 1024 - 180_000), hostname: 'kube-master', swaps: '0', uid: '0', user: 'root', machine: 'x86_64' };

describe('host test facts', () => {
  it('passes an Ubuntu 22.04 VM of the right size (memory a bit under the VM size is fine)', () => {
    const facts = parseFacts(out(base));
    expect(facts).toMatchObject({ os: 'Ubuntu', osVersion: '22.04', cpus: 2, hostname: 'kube-master', swapOn: false });
    const steps = factSteps(master, facts);
    expect(steps.map((s) => [s.id, s.status])).toEqual([['os', 'pass'], ['arch', 'pass'], ['cpus', 'pass'], ['memory', 'pass'], ['hostname', 'pass'], ['swap', 'pass']]);
    expect(reportOf('master', steps, facts).ok).toBe(true);
  });

  it('fails too little CPU or memory and warns about other systems, names and swap', () => {
    const facts = parseFacts(out({ ...base, id: 'fedora', name: 'Fedora Linux', version: '40', pretty: 'Fedora Linux 40', cpus: '1', memkb: String(2048 * 1024), hostname: 'ubuntu', swaps: '1' }));
    const steps = factSteps(master, facts);
    expect(steps.map((s) => [s.id, s.status])).toEqual([['os', 'warn'], ['arch', 'pass'], ['cpus', 'fail'], ['memory', 'fail'], ['hostname', 'warn'], ['swap', 'warn']]);
    expect(steps.find((s) => s.id === 'memory')?.detail).toBe('2 GiB of memory, but kube-master (master) needs at least 4 GiB. Give the VM more memory and start it again.');
    expect(steps.find((s) => s.id === 'hostname')?.detail).toMatch(/the Set up the nodes lesson renames it/);
    expect(steps.find((s) => s.id === 'swap')?.detail).toMatch(/kubelet refuses to start with swap on; the Install dependencies lesson turns it off/);
    expect(reportOf('master', steps, facts).ok).toBe(false);
  });

  it('reads the architecture: x86_64 is amd64, aarch64 (Apple Silicon VMs) arm64, anything else fails the arch step', () => {
    const amd = parseFacts(out(base));
    expect(amd).toMatchObject({ machine: 'x86_64', arch: 'amd64' });
    const arm = parseFacts(out({ ...base, machine: 'aarch64' }));
    expect(arm).toMatchObject({ machine: 'aarch64', arch: 'arm64' });
    expect(factSteps(master, arm).find((s) => s.id === 'arch')).toMatchObject({ status: 'pass', detail: expect.stringContaining('arm64 release archives') });
    expect(reportOf('master', factSteps(master, arm), arm).facts).toMatchObject({ machine: 'aarch64', arch: 'arm64' });
    for (const machine of ['armv7l', 'i686', 'riscv64', 'constructor', '']) {
      const other = parseFacts(out({ ...base, machine }));
      expect(other.arch).toBeUndefined();
      const step = factSteps(master, other).find((s) => s.id === 'arch');
      expect(step?.status).toBe('fail');
      expect(step?.detail).toContain(`"${machine || 'unknown'}"`);
    }
  });

  it('asks uname -m in the one facts command', () => {
    expect(FACTS_COMMAND).toContain('echo "machine=$(uname -m)"');
  });

  it('accepts Debian 12', () => {
    const steps = factSteps(master, parseFacts(out({ ...base, id: 'debian', version: '12', pretty: 'Debian GNU/Linux 12 (bookworm)' })));
    expect(steps.find((s) => s.id === 'os')).toMatchObject({ id: 'os', status: 'pass' });
  });
});

describe('test connection', () => {
  const profile: StoredProfile = { role: 'master', address: '10.0.0.10', port: 22, user: 'root', auth: { method: 'key', privateKeyPath: '/k' }, jump: { address: '10.0.0.1', port: 2222, user: 'root' } };
  const key = { keyType: 'ssh-ed25519', fingerprint: `SHA256:${'a'.repeat(43)}`, how: 'accepted by you just now' };

  function fakeConnection(exec: () => Promise<ExecResult>, elevation: Elevation = { kind: 'root' }) {
    const conn = { closed: false, elevation, exec: vi.fn(exec), close: vi.fn(() => { conn.closed = true; }) };
    return conn;
  }

  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reports reach, key and login, then the facts, and closes its connection', async () => {
    const conn = fakeConnection(async () => ({ code: 0, stdout: out(base), stderr: '' }));
    const report = await runHostTest(master, profile, {
      dial: async () => {
        vi.advanceTimersByTime(1200);
        return conn;
      },
      trustedKey: () => key,
    });
    expect(report.ok).toBe(true);
    expect(report.steps.slice(0, 4).map((s) => s.detail)).toEqual([
      '10.0.0.10:22 answered through the jump host 10.0.0.1:2222 (connected and logged in in 1.2 s).',
      `The ED25519 key ${key.fingerprint} is trusted (accepted by you just now).`,
      'Logged in as root with the key /k.',
      "Logged in as root: the course's commands and checks run as root directly.",
    ]);
    expect(report.facts).toMatchObject({ os: 'Ubuntu', cpus: 2 });
    expect(conn.closed).toBe(true);
  });

  it('turns a failed dial into the failing step', async () => {
    const refused = new SshError('unreachable', 'reach', 'Could not reach 10.0.0.10:22: refused');
    const report = await runHostTest(master, profile, { dial: () => Promise.reject(refused), trustedKey: () => undefined });
    expect(report.steps.map((s) => s.status)).toEqual(['fail', 'skip', 'skip', 'skip', 'skip', 'skip', 'skip', 'skip', 'skip', 'skip']);
    expect(report.steps[0]?.detail).toBe(refused.message);
  });

  it('fails the os step when the facts cannot be read, and still closes', async () => {
    const conn = fakeConnection(() => Promise.reject(new SshError('timeout', 'session', 'Timed out: facts')));
    const report = await runHostTest(master, { ...profile, jump: undefined }, { dial: async () => conn, trustedKey: () => undefined });
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['reach', 'pass'], ['hostkey', 'pass'], ['auth', 'pass'], ['root', 'pass'], ['os', 'fail'], ['arch', 'skip'], ['cpus', 'skip'], ['memory', 'skip'], ['hostname', 'skip'], ['swap', 'skip'],
    ]);
    expect(report.steps[1]?.detail).toBe('The host key is trusted.');
    expect(report.steps[4]?.detail).toBe("Could not read the VM's details: Timed out: facts");
    expect(conn.closed).toBe(true);
  });

  it('names how a sudo user acts as root, and stops before the facts when it cannot', async () => {
    const sudoUser = { ...profile, user: 'ubuntu', jump: undefined };
    const ok = await runHostTest(master, sudoUser, { dial: async () => fakeConnection(async () => ({ code: 0, stdout: out(base), stderr: '' }), { kind: 'sudo' }), trustedKey: () => undefined });
    expect(ok.steps.find((s) => s.id === 'root')).toMatchObject({ label: 'Acts as root', status: 'pass', detail: expect.stringContaining('ubuntu may use sudo without a password') });
    const conn = fakeConnection(async () => ({ code: 0, stdout: out(base), stderr: '' }), { kind: 'none', reason: 'sudo asks ubuntu for a password: enter it as the sudo password in Hosts.' });
    const refused = await runHostTest(master, sudoUser, { dial: async () => conn, trustedKey: () => undefined });
    expect(refused.ok).toBe(false);
    expect(refused.steps.map((s) => [s.id, s.status])).toEqual([
      ['reach', 'pass'], ['hostkey', 'pass'], ['auth', 'pass'], ['root', 'fail'], ['os', 'skip'], ['arch', 'skip'], ['cpus', 'skip'], ['memory', 'skip'], ['hostname', 'skip'], ['swap', 'skip'],
    ]);
    expect(refused.steps[3]?.detail).toBe('sudo asks ubuntu for a password: enter it as the sudo password in Hosts.');
    expect(conn.exec).not.toHaveBeenCalled();
    expect(conn.closed).toBe(true);
  });

  it('lets errors that are not SSH failures through', async () => {
    const conn = fakeConnection(() => Promise.reject(new TypeError('bug')));
    await expect(runHostTest(master, profile, { dial: async () => conn, trustedKey: () => undefined })).rejects.toThrow(TypeError);
    expect(conn.closed).toBe(true);
    await expect(runHostTest(master, profile, { dial: () => Promise.reject(new TypeError('bug')), trustedKey: () => undefined })).rejects.toThrow(TypeError);
  });
});
