// Against the e2e lab's real VMs (Debian 12, OpenSSH, LogLevel VERBOSE). Fails, never
// skips, when the lab is down (labHosts() throws). Disturbing tests use the worker and
// restore it in `finally`.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { labExec, labHosts, labNet, labRekey, type LabHost } from '../../../e2e/helpers/lab';
import type { HostProfile } from '../../../common/api';
import { MemorySecretStore } from '../secrets/secret-store';
import type { SshError } from '../ssh/ssh-errors';
import { createHostService, type HostService } from './host-service';
import { recordingBus, tempDir, testCourse } from './test-support';
import { rejectionOf } from '../../../test/rejection';

type Role = 'master' | 'worker';

let data: { path: string; remove: () => Promise<void> };
let home: { path: string; remove: () => Promise<void> };
let bus: ReturnType<typeof recordingBus>;
let secrets: MemorySecretStore;
let service: HostService;
const localPorts = new Map<string, number>();

function lab(role: Role): LabHost {
  const host = labHosts().find((h) => h.role === role);
  if (!host) throw new Error(`no ${role} in the lab`);
  return host;
}

function make(options: Parameters<typeof createHostService>[0]['options'] = {}): HostService {
  return createHostService({
    dataDir: data.path,
    homeDir: home.path,
    secrets,
    events: bus.events,
    course: testCourse,
    options: { onSocketConnected: (role, _address, port) => localPorts.set(role, port), ...options },
  });
}

function passwordProfile(role: Role, extra: Partial<HostProfile> = {}): HostProfile {
  const h = lab(role);
  return { role, address: h.address, port: h.port, user: h.user, auth: { method: 'password', password: h.password }, ...extra };
}

function keyProfile(role: Role): HostProfile {
  const h = lab(role);
  return { role, address: h.address, port: h.port, user: h.user, auth: { method: 'key', privateKeyPath: h.privateKeyPath } };
}

/** Connects, answering every host key question with "trust" (the learner reading it). */
async function connectTrusting(role: Role, svc = service): Promise<number> {
  let prompts = 0;
  const stop = bus.events.subscribe((name, payload) => {
    if (name !== 'hostkey:prompt') return;
    const p = payload as { role: string; fingerprint: string; status: string };
    if (p.role === role && p.status === 'unknown') {
      prompts++;
      void svc.acceptHostKey(role, p.fingerprint);
    }
  });
  try {
    await svc.connect(role);
  } finally {
    stop();
  }
  return prompts;
}

const failure = rejectionOf<SshError>;

/** sshd's journal lines of one connection (identified by our local port), since `since`. */
function sshdLinesFor(role: Role, since: number, localPort: number): string[] {
  const journal = labExec(role, `journalctl -u ssh --no-pager -o short-unix --since '@${since}'`);
  const lines = journal.split('\n');
  const pids = new Set<string>();
  for (const line of lines) {
    const m = /sshd\[(\d+)\]: Connection from \S+ port (\d+) /.exec(line);
    if (m && Number(m[2]) === localPort) pids.add(m[1]!);
  }
  expect(pids.size, `sshd logged our connection (local port ${localPort})`).toBe(1);
  return lines.filter((l) => [...pids].some((pid) => l.includes(`sshd[${pid}]`)));
}

const AUTH_LINES = /Failed password|Failed publickey|Accepted|Postponed|Invalid user|authenticating user|keyboard-interactive/i;

beforeEach(async () => {
  labHosts(); // throws (fails the test) when the lab is down
  data = await tempDir('hosts-lab-data');
  home = await tempDir('hosts-lab-home');
  bus = recordingBus();
  secrets = new MemorySecretStore();
  localPorts.clear();
  service = make();
});

afterEach(async () => {
  await service.dispose();
  await data.remove();
  await home.remove();
});

describe('SSH to the lab VMs', () => {
  it('logs in with a password, runs hostname, and reuses the connection', async () => {
    await service.saveHost(passwordProfile('master'));
    const firstStart = Date.now();
    expect(await connectTrusting('master')).toBe(1);
    const first = Date.now() - firstStart;
    const r = await service.exec('master', 'hostname');
    expect(r).toMatchObject({ code: 0, stdout: 'kube-master\n' });
    expect(service.connectionState('master')).toBe('connected');

    // A second connect with the key already trusted: the pure connect + login time.
    service.disconnect('master');
    const start = Date.now();
    expect(await connectTrusting('master')).toBe(0);
    const ms = Date.now() - start;
    console.log(`[measure] password connect+login to master: ${ms} ms (first, with prompt+accept: ${first} ms)`);
    expect(ms).toBeLessThan(15_000); // a hang; the time itself is a benchmark figure (checkLatency)
    const again = await service.exec('master', 'echo $((6*7)); echo oops >&2; exit 3');
    expect(again).toEqual({ code: 3, stdout: '42\n', stderr: 'oops\n' });
  });

  it('logs in with a key and runs hostname on the worker', async () => {
    await service.saveHost(keyProfile('worker'));
    await connectTrusting('worker');
    service.disconnect('worker');
    const start = Date.now();
    await connectTrusting('worker');
    console.log(`[measure] key connect+login to worker: ${Date.now() - start} ms`);
    expect((await service.exec('worker', 'hostname')).stdout).toBe('kube-worker\n');
  });

  it('asks about an unknown host key, stores the accepted one, and does not ask again', async () => {
    await service.saveHost(passwordProfile('master'));
    const prompt = bus.next('hostkey:prompt');
    const connecting = service.connect('master');
    const p = await prompt;
    const vmFingerprint = labExec('master', 'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub').split(' ')[1];
    expect(p).toMatchObject({ role: 'master', address: lab('master').address, port: 22, keyType: 'ssh-ed25519', status: 'unknown', fingerprint: vmFingerprint });
    // Nothing but the exact offered key can be accepted.
    await expect(service.acceptHostKey('master', `SHA256:${'A'.repeat(43)}`)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await service.acceptHostKey('master', p.fingerprint);
    await connecting;
    const stored = JSON.parse(await readFile(join(data.path, 'known_hosts.json'), 'utf8')) as { entries: unknown[] };
    expect(stored.entries).toEqual([expect.objectContaining({ address: lab('master').address, port: 22, keyType: 'ssh-ed25519', fingerprint: vmFingerprint })]);
    expect((await service.listHosts())[0]?.hostKey).toEqual({ keyType: 'ssh-ed25519', fingerprint: vmFingerprint });

    // A fresh service (app restart) trusts it without asking.
    await service.dispose();
    service = make();
    const before = bus.seen.filter((e) => e.name === 'hostkey:prompt').length;
    await service.connect('master');
    expect(bus.seen.filter((e) => e.name === 'hostkey:prompt').length).toBe(before);
  });

  it('refuses when the learner rejects the key, and sends no credential', async () => {
    await service.saveHost(passwordProfile('master'));
    const since = Math.floor(Date.now() / 1000) - 1;
    const prompt = bus.next('hostkey:prompt');
    const connecting = failure(service.connect('master'));
    await prompt;
    await service.rejectHostKey('master');
    const err = await connecting;
    expect(err).toMatchObject({ code: 'FAILED_PRECONDITION', kind: 'hostkey-rejected' });
    expect(err.message).toMatch(/^Not connected: you did not trust the host key of kube-master \(10\.77\.0\.10:22\)/);
    expect(service.connectionState('master')).toBe('disconnected');
    const lines = sshdLinesFor('master', since, localPorts.get('master')!);
    expect(lines.filter((l) => AUTH_LINES.test(l))).toEqual([]);
  });

  it('gives up on an unanswered host key question after the timeout', async () => {
    service = make({ hostKeyPromptTimeoutMs: 1500 });
    await service.saveHost(passwordProfile('master'));
    const err = await failure(service.connect('master'));
    expect(err).toMatchObject({ kind: 'hostkey-timeout' });
    expect(err.message).toMatch(/^Not connected: nobody answered the host key question for kube-master/);
  });

  it('reports a wrong password in plain words', async () => {
    await service.saveHost(passwordProfile('master', { auth: { method: 'password', password: 'not-the-password' } }));
    const err = await failure(connectTrusting('master'));
    expect(err).toMatchObject({ code: 'FAILED_PRECONDITION', kind: 'auth', phase: 'auth' });
    expect(err.message).toBe('Login failed: root@10.77.0.10 rejected the password (authentication failed). Check the password in Hosts.');
    const report = await service.testHost('master');
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['reach', 'pass'], ['hostkey', 'pass'], ['auth', 'fail'], ['root', 'skip'], ['os', 'skip'], ['arch', 'skip'], ['cpus', 'skip'], ['memory', 'skip'], ['hostname', 'skip'], ['swap', 'skip'],
    ]);
    expect(report.ok).toBe(false);
  });

  it('reports an address without a host as unreachable within the timeout', async () => {
    await service.saveHost({ ...passwordProfile('worker'), address: '10.77.0.99' });
    const start = Date.now();
    const err = await failure(service.connect('worker'));
    const ms = Date.now() - start;
    console.log(`[measure] unreachable 10.77.0.99: ${ms} ms: ${err.message}`);
    expect(err).toMatchObject({ code: 'FAILED_PRECONDITION', kind: 'unreachable', phase: 'reach' });
    expect(err.message).toMatch(/^Could not reach 10\.77\.0\.99:22: (no answer within 10 s \(connect timeout\)|no route to the host \(EHOSTUNREACH\))/);
    // The 10 s connect timeout, with a bound far above it that only catches a hang.
    expect(ms).toBeLessThan(40_000);
    const report = await service.testHost('worker');
    expect(report.steps[0]).toMatchObject({ id: 'reach', status: 'fail' });
    expect(report.steps.slice(1).every((s) => s.status === 'skip')).toBe(true);
  }, 60_000);

  it('blocks a CHANGED host key before any credential is sent, and Replace key restores trust', async () => {
    await service.saveHost(passwordProfile('worker'));
    await connectTrusting('worker');
    const oldFingerprint = (await service.listHosts()).find((h) => h.role === 'worker')?.hostKey?.fingerprint;
    service.disconnect('worker');
    const newFingerprint = labRekey('worker');
    try {
      const since = Math.floor(Date.now() / 1000) - 1;
      const prompt = bus.next('hostkey:prompt');
      const err = await failure(service.connect('worker'));
      expect(err).toMatchObject({ code: 'FAILED_PRECONDITION', kind: 'hostkey-changed', phase: 'hostkey' });
      expect(err.message).toMatch(/^The host key of kube-worker \(10\.77\.0\.11:22\) has CHANGED/);
      expect(err.message).toMatch(/intercepting the connection, or the VM was reinstalled/);
      expect(err.message).toMatch(/If you rebuilt the VM, open Hosts, choose Test connection on this VM, then "Replace the saved key…"/);
      expect(await prompt).toMatchObject({ role: 'worker', status: 'changed', knownFingerprint: oldFingerprint });
      expect(newFingerprint).toContain((await prompt).fingerprint);

      // The proof that matters: sshd never saw an authentication attempt from us.
      const lines = sshdLinesFor('worker', since, localPorts.get('worker')!);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.filter((l) => AUTH_LINES.test(l))).toEqual([]);
    } finally {
      // Replace key: forget, connect, accept the new key.
      await service.forgetHostKey('worker');
      expect(await connectTrusting('worker')).toBe(1);
    }
    expect((await service.exec('worker', 'hostname')).stdout).toBe('kube-worker\n');
  });

  it('reaches the worker through the master as a jump host', async () => {
    const master = lab('master');
    await service.saveHost(passwordProfile('worker', { jump: { address: master.address, port: 22, user: master.user } }));
    const since = Math.floor(Date.now() / 1000) - 1;
    expect(await connectTrusting('worker')).toBe(2); // the jump host's key, then the worker's
    expect((await service.exec('worker', 'hostname')).stdout).toBe('kube-worker\n');
    const journal = labExec('worker', `journalctl -u ssh --no-pager --since '@${since}'`);
    expect(journal).toMatch(/Accepted password for root from 10\.77\.0\.10 /);
    const report = await service.testHost('worker');
    expect(report.steps[0]?.detail).toMatch(/through the jump host 10\.77\.0\.10:22/);
  });

  it('tests both VMs and explains the result', async () => {
    await service.saveHost(passwordProfile('master'));
    await service.saveHost(keyProfile('worker'));
    for (const role of ['master', 'worker'] as const) {
      const waiting = service.testHost(role);
      const prompt = await bus.next('hostkey:prompt');
      await service.acceptHostKey(role, prompt.fingerprint);
      const report = await waiting;
      console.log(`[report] ${role}: ${JSON.stringify(report.facts)}\n${report.steps.map((s) => `  ${s.status.padEnd(4)} ${s.label}: ${s.detail}`).join('\n')}`);
      expect(report.ok).toBe(true);
      expect(report.steps.map((s) => s.id)).toEqual(['reach', 'hostkey', 'auth', 'root', 'os', 'arch', 'cpus', 'memory', 'hostname', 'swap']);
      expect(report.steps.find((s) => s.id === 'os')).toMatchObject({ status: 'pass' });
      expect(report.facts).toMatchObject({ os: 'Debian GNU/Linux', osVersion: '12', hostname: `kube-${role}`, swapOn: false });
      expect(report.facts!.cpus).toBeGreaterThanOrEqual(1);
      expect(report.facts!.memoryMiB).toBeGreaterThan(256);
      // The lab's VMs are amd64 (e2e/arm64-lab.spec.ts makes one report arm64).
      expect(report.facts).toMatchObject({ machine: 'x86_64', arch: 'amd64' });
      expect(report.steps.find((s) => s.id === 'arch')).toMatchObject({ status: 'pass' });
    }
    expect((await service.listHosts()).map((h) => [h.role, h.arch])).toEqual([['master', 'amd64'], ['worker', 'amd64']]);
  });

  it('opens a login shell that echoes, resizes and exits with its code', async () => {
    await service.saveHost(passwordProfile('master'));
    await connectTrusting('master');
    const shell = await service.openShell('master', { cols: 100, rows: 30 });
    let out = '';
    shell.onData((d) => (out += d));
    const exited = new Promise<[number | null, string | undefined]>((resolve) => shell.onExit((code, reason) => resolve([code, reason])));
    shell.write('echo "term=$TERM size=$(stty size)"\n');
    await waitFor(() => out.includes('term=xterm-256color size=30 100'));
    shell.resize(120, 40);
    shell.write('stty size\n');
    await waitFor(() => out.includes('40 120'));
    shell.write('exit 7\n');
    expect(await exited).toEqual([7, undefined]);
  });

  it('survives a re-key on a live connection (the same key is checked again, silently)', async () => {
    await service.saveHost(passwordProfile('master'));
    await connectTrusting('master');
    const conn = await service.connection('master');
    const prompts = bus.seen.filter((e) => e.name === 'hostkey:prompt').length;
    const rekeyed = new Promise((resolve) => conn.client.once('handshake', resolve));
    (conn.client as unknown as { _protocol: { rekey(): void } })._protocol.rekey();
    await rekeyed;
    expect((await service.exec('master', 'echo after-rekey')).stdout).toBe('after-rekey\n');
    expect(conn.closed).toBe(false);
    expect(bus.seen.filter((e) => e.name === 'hostkey:prompt').length).toBe(prompts);
  });

  it('times out a command that runs too long', async () => {
    await service.saveHost(passwordProfile('master'));
    await connectTrusting('master');
    const err = await failure(service.exec('master', 'sleep 20', { timeoutMs: 700 }));
    expect(err).toMatchObject({ kind: 'timeout' });
    expect(err.message).toMatch(/^Timed out: "sleep 20" did not finish within 0.7 s on kube-master/);
    expect((await service.exec('master', 'echo still-here')).stdout).toBe('still-here\n');
  });

  it('notices a dead link: an open shell ends with onExit(null, reason) within ~20 s', async () => {
    await service.saveHost(passwordProfile('worker'));
    await connectTrusting('worker');
    const shell = await service.openShell('worker', { cols: 80, rows: 24 });
    const exited = new Promise<[number | null, string | undefined]>((resolve) => shell.onExit((code, reason) => resolve([code, reason])));
    const start = Date.now();
    labNet('worker', 'down');
    try {
      const [code, reason] = await exited;
      const ms = Date.now() - start;
      console.log(`[measure] dead link detected after ${ms} ms: ${reason}`);
      expect(code).toBeNull();
      expect(reason).toMatch(/^Connection lost: kube-worker \(10\.77\.0\.11:22\) stopped answering/);
      expect(ms).toBeLessThan(60_000); // keepalives find it in ~15 s; this bound only catches a hang
      expect(service.connectionState('worker')).toBe('disconnected');
    } finally {
      labNet('worker', 'up');
    }
  }, 90_000);
});

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
