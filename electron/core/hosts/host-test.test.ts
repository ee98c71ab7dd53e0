import { describe, expect, it } from 'vitest';
import { factSteps, parseFacts, reportOf } from './host-test';
import { testCourse } from './test-support';

const master = testCourse.hosts[0]!;
const out = (o: Record<string, string>) => Object.entries(o).map(([k, v]) => `${k}=${v}`).join('\n');
const base = { id: 'ubuntu', name: 'Ubuntu', version: '22.04', pretty: 'Ubuntu 22.04.4 LTS', cpus: '2', memkb: String(4096 * 1024 - 180_000), hostname: 'kube-master', swaps: '0', uid: '0', user: 'root' };

describe('host test facts', () => {
  it('passes an Ubuntu 22.04 VM of the right size (memory a bit under the VM size is fine)', () => {
    const facts = parseFacts(out(base));
    expect(facts).toMatchObject({ os: 'Ubuntu', osVersion: '22.04', cpus: 2, hostname: 'kube-master', swapOn: false });
    const steps = factSteps(master, facts);
    expect(steps.map((s) => [s.id, s.status])).toEqual([['root', 'pass'], ['os', 'pass'], ['cpus', 'pass'], ['memory', 'pass'], ['hostname', 'pass'], ['swap', 'pass']]);
    expect(reportOf('master', steps, facts).ok).toBe(true);
  });

  it('fails too little CPU or memory and warns about other systems, names and swap', () => {
    const facts = parseFacts(out({ ...base, id: 'fedora', name: 'Fedora Linux', version: '40', pretty: 'Fedora Linux 40', cpus: '1', memkb: String(2048 * 1024), hostname: 'ubuntu', swaps: '1' }));
    const steps = factSteps(master, facts);
    expect(steps.map((s) => [s.id, s.status])).toEqual([['root', 'pass'], ['os', 'warn'], ['cpus', 'fail'], ['memory', 'fail'], ['hostname', 'warn'], ['swap', 'warn']]);
    expect(steps.find((s) => s.id === 'memory')?.detail).toBe('2 GiB of memory, but kube-master (master) needs at least 4 GiB. Give the VM more memory and start it again.');
    expect(steps.find((s) => s.id === 'hostname')?.detail).toMatch(/the Set up the nodes lesson renames it/);
    expect(steps.find((s) => s.id === 'swap')?.detail).toMatch(/kubelet refuses to start with swap on; the Install dependencies lesson turns it off/);
    expect(reportOf('master', steps, facts).ok).toBe(false);
  });

  it('fails a login user other than root, and says how to log in as root', () => {
    const steps = factSteps(master, parseFacts(out({ ...base, uid: '1000', user: 'learner' })));
    const root = steps.find((s) => s.id === 'root');
    expect(root).toMatchObject({ status: 'fail', detail: expect.stringContaining('Logged in as learner (uid 1000).') });
    expect(root?.detail).toMatch(/PermitRootLogin yes/);
    expect(factSteps(master, parseFacts(out({ ...base, uid: '' }))).find((s) => s.id === 'root')?.status).toBe('fail');
  });

  it('accepts Debian 12', () => {
    const steps = factSteps(master, parseFacts(out({ ...base, id: 'debian', version: '12', pretty: 'Debian GNU/Linux 12 (bookworm)' })));
    expect(steps.find((s) => s.id === 'os')).toMatchObject({ id: 'os', status: 'pass' });
  });
});
