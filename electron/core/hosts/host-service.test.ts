// Host profiles and their secrets, without any network.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostProfile } from '../../../common/api';
import { MemorySecretStore } from '../secrets/secret-store';
import { createHostService, type HostService } from './host-service';
import { recordingBus, tempDir, testCourse } from './test-support';

let data: { path: string; remove: () => Promise<void> };
let home: { path: string; remove: () => Promise<void> };
let bus: ReturnType<typeof recordingBus>;
let secrets: MemorySecretStore;
let service: HostService;

const PASSWORD = 'S3cret-Pa55word-xyz';
const PASSPHRASE = 'passphrase-7b1e';

const master = (auth: HostProfile['auth'] = { method: 'password', password: PASSWORD }): HostProfile => ({
  role: 'master', address: '10.0.0.10', port: 22, user: 'root', auth,
});

async function everyFileText(dir: string): Promise<string> {
  const names = await readdir(dir, { recursive: true });
  const texts = await Promise.all(names.map((n) => readFile(join(dir, n), 'utf8').catch(() => '')));
  return texts.join('\n');
}

beforeEach(async () => {
  data = await tempDir('hosts-data');
  home = await tempDir('hosts-home');
  bus = recordingBus();
  secrets = new MemorySecretStore();
  service = createHostService({ dataDir: data.path, homeDir: home.path, secrets, events: bus.events, course: testCourse });
});
afterEach(async () => {
  await service.dispose();
  await data.remove();
  await home.remove();
});

describe('host profiles', () => {
  it('keeps the password in the secret store, never in the data dir', async () => {
    const saved = await service.saveHost(master());
    expect(saved).toEqual({ role: 'master', address: '10.0.0.10', port: 22, user: 'root', auth: 'password', hasSecret: true });
    expect(await secrets.get('host:master:password')).toBe(PASSWORD);
    const file = JSON.parse(await readFile(join(data.path, 'hosts.json'), 'utf8')) as unknown;
    expect(file).toEqual({ schemaVersion: 1, hosts: [{ role: 'master', address: '10.0.0.10', port: 22, user: 'root', auth: { method: 'password' } }] });
    expect(await everyFileText(data.path)).not.toContain(PASSWORD);

    await service.saveHost(master({ method: 'key', privateKeyPath: '~/.ssh/id_ed25519', passphrase: PASSPHRASE }));
    expect(await everyFileText(data.path)).not.toContain(PASSPHRASE);
    expect(await secrets.get('host:master:passphrase')).toBe(PASSPHRASE);
  });

  it('keeps the stored secret when it is omitted, and drops it when the method changes', async () => {
    await service.saveHost(master());
    await service.saveHost({ ...master({ method: 'password' }), address: '10.0.0.20' });
    expect(await secrets.get('host:master:password')).toBe(PASSWORD);
    expect((await service.listHosts())[0]).toMatchObject({ address: '10.0.0.20', hasSecret: true });

    const keyed = await service.saveHost(master({ method: 'key', privateKeyPath: '/k' }));
    expect(await secrets.get('host:master:password')).toBeUndefined();
    expect(keyed).toMatchObject({ auth: 'key', privateKeyPath: '/k', hasSecret: false });

    await service.saveHost(master({ method: 'key', privateKeyPath: '/k', passphrase: PASSPHRASE }));
    const agent = await service.saveHost(master({ method: 'agent' }));
    expect(await secrets.get('host:master:passphrase')).toBeUndefined();
    expect(agent).toMatchObject({ auth: 'agent', hasSecret: false });
  });

  it('announces changes and lists hosts in course order', async () => {
    const changed = bus.next('hosts:changed');
    await service.saveHost({ role: 'worker', address: 'worker.lab', port: 2222, user: 'ubuntu', auth: { method: 'agent' }, jump: { address: '10.0.0.10', port: 22, user: 'root' }, privateIp: '192.168.1.11' });
    expect((await changed)[0]).toMatchObject({ role: 'worker' });
    await service.saveHost(master());
    expect((await service.listHosts()).map((h) => h.role)).toEqual(['master', 'worker']);
    expect((await service.listHosts())[1]).toEqual({
      role: 'worker', address: 'worker.lab', privateIp: '192.168.1.11', port: 2222, user: 'ubuntu', auth: 'agent', hasSecret: false, jump: { address: '10.0.0.10', port: 22, user: 'root' },
    });

    const deleted = bus.next('hosts:changed');
    await service.deleteHost('master');
    expect((await deleted).map((h) => h.role)).toEqual(['worker']);
    expect(await secrets.get('host:master:password')).toBeUndefined();
  });

  it('rejects roles the course does not have, and invalid profiles', async () => {
    await expect(service.saveHost({ ...master(), role: 'etcd' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('master, worker') });
    await expect(service.deleteHost('etcd')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.testHost('etcd')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.acceptHostKey('etcd', `SHA256:${'a'.repeat(43)}`)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.saveHost({ ...master(), address: 'a;rm -rf /' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    // The jump host's user is checked like the VM's: no option, no shell text.
    await expect(service.saveHost({ ...master(), jump: { address: 'bastion', port: 22, user: '-oProxyCommand=touch /tmp/x' } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('a Unix user name') });
    await expect(service.saveHost({ ...master(), jump: { address: 'bastion', port: 22, user: 'me;reboot' } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((await service.saveHost({ ...master(), jump: { address: 'bastion', port: 22, user: 'jump_user' } })).role).toBe('master');
    await expect(service.testHost('worker')).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', message: expect.stringContaining('kube-worker has no connection settings yet') });
    await expect(service.openShell('worker', { cols: 80, rows: 24 })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
  });

  it('moves a corrupt hosts.json aside and says so', async () => {
    await writeFile(join(data.path, 'hosts.json'), '{"schemaVersion":1,"hosts":[{"role":"master","password":"leak"');
    const notice = bus.next('notice');
    expect(await service.listHosts()).toEqual([]);
    const n = await notice;
    expect(n.level).toBe('warning');
    expect(n.message).toMatch(/Your saved host settings could not be read \(not valid JSON.*moved to .*hosts\.json\.corrupt-/);
    expect((await readdir(data.path)).some((f) => f.startsWith('hosts.json.corrupt-'))).toBe(true);
    await service.saveHost(master());
    expect(await service.listHosts()).toHaveLength(1);
  });

  it('refuses a hosts.json that holds a secret (strict schema)', async () => {
    await writeFile(join(data.path, 'hosts.json'), JSON.stringify({ schemaVersion: 1, hosts: [{ role: 'master', address: 'a', port: 22, user: 'root', auth: { method: 'password', password: 'x' } }] }));
    const notice = bus.next('notice');
    expect(await service.listHosts()).toEqual([]);
    expect((await notice).message).toMatch(/unexpected content/);
  });

  it('reports missing credentials as a failed login step, before connecting', async () => {
    await service.saveHost(master({ method: 'password' }));
    const report = await service.testHost('master');
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => s.status)).toEqual(['skip', 'skip', 'fail', 'skip', 'skip', 'skip', 'skip', 'skip', 'skip', 'skip']);
    expect(report.steps[2]?.detail).toBe('Cannot log in yet: no password is saved for kube-master. Enter it in Hosts.');
  });

  it('has nothing to accept when no question is open', async () => {
    await expect(service.acceptHostKey('master', `SHA256:${'a'.repeat(43)}`)).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    await expect(service.rejectHostKey('master')).resolves.toBeUndefined();
    expect(service.connectionState('master')).toBe('disconnected');
  });
});
