// The certificates table's core side: the VMs are played by a stand-in HostAccess that runs
// the two commands core sends in a real bash over a real folder of openssl-made certificates
// (the recorded fixtures) and a broken file; the lab runs it against real VMs
// (e2e/operating-lab.spec.ts, after lesson 21 renews etcd's certificate).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../checks/test-support';
import { HostAccessError } from '../checks/host-access';
import { listCertificates } from './certificate-expiry';

const dir = mkdtempSync(join(tmpdir(), 'cert-expiry-'));
copyFileSync(join(FIXTURES, 'recorded', 'certs', 'ca.crt'), join(dir, 'ca.crt'));
copyFileSync(join(FIXTURES, 'recorded', 'certs', 'etcd.crt'), join(dir, 'etcd.crt'));
writeFileSync(join(dir, 'broken.crt'), 'not a certificate\n');
writeFileSync(join(dir, 'ca.key'), 'a key is not listed\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bash = { exec: async (_role: string, command: string) => ({ code: 0, stdout: execFileSync('bash', ['-c', command], { encoding: 'utf8' }), stderr: '' }) };

describe('listCertificates', () => {
  it("reads every .crt in the folder with the app's parser: subject, expiry, days left, soonest first; a broken file says why", async () => {
    const rows = await listCertificates({ access: bash, roles: ['master'], hostname: () => 'kube-master', certDir: dir, now: () => new Date('2027-11-20T14:32:59Z') });
    expect(rows.map((r) => [r.path, r.subject, r.notAfter, r.daysLeft])).toEqual([
      [join(dir, 'ca.crt'), 'CN=KUBERNETES-CA', '2027-11-25T14:32:59.000Z', 5],
      [join(dir, 'etcd.crt'), 'CN=etcd', '2027-11-25T14:32:59.000Z', 5],
      [join(dir, 'broken.crt'), undefined, undefined, undefined],
    ]);
    expect(rows[2]?.problem).toMatch(/certificate/i);
    expect(rows.every((r) => r.role === 'master' && r.hostname === 'kube-master')).toBe(true);
  });

  it('gives a VM it cannot ask one row that says why, and a VM without the folder none', async () => {
    const access = {
      exec: async (role: string, command: string) => {
        if (role === 'worker') throw new HostAccessError('unreachable', 'Could not reach kube-worker');
        return bash.exec(role, command);
      },
    };
    const rows = await listCertificates({ access, roles: ['master', 'worker'], hostname: (r) => `kube-${r}`, certDir: join(dir, 'nowhere') });
    expect(rows).toEqual([{ role: 'worker', hostname: 'kube-worker', problem: 'Could not reach kube-worker' }]);
  });
});
