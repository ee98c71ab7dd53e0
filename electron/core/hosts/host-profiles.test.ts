// The architecture Test connection reads is kept per role beside the settings, and only
// while the settings still lead to the same VM.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostProfile } from '../../../common/api';
import { variableValues } from '../../../common/variables';
import { MemorySecretStore } from '../secrets/secret-store';
import { HostProfiles } from './host-profiles';
import { KnownHostsStore } from './known-hosts-store';
import { ProfileStore } from './profile-store';
import { tempDir, testCourse } from './test-support';

let data: { path: string; remove: () => Promise<void> };
let profiles: HostProfiles;
const [masterHost, workerHost] = testCourse.hosts as [typeof testCourse.hosts[0], typeof testCourse.hosts[0]];
const profile = (role: string, address: string): HostProfile => ({ role, address, port: 22, user: 'root', auth: { method: 'agent' } });

beforeEach(async () => {
  data = await tempDir('profiles');
  const notice = () => undefined;
  profiles = new HostProfiles(testCourse, new ProfileStore(data.path, notice), new KnownHostsStore(data.path, notice), new MemorySecretStore());
});
afterEach(() => data.remove());

describe('the architecture of each VM', () => {
  it('is stored per role, listed, and becomes {{role.arch}} (a mixed pair: amd64 master, arm64 worker)', async () => {
    await profiles.save(masterHost, profile('master', '10.0.0.10'));
    await profiles.save(workerHost, profile('worker', '10.0.0.11'));
    expect(await profiles.setArch('master', 'amd64')).toBe(true);
    expect(await profiles.setArch('worker', 'arm64')).toBe(true);
    expect(await profiles.setArch('worker', 'arm64')).toBe(false); // nothing changed: no event needed

    const hosts = await profiles.list();
    expect(hosts.map((h) => [h.role, h.arch])).toEqual([['master', 'amd64'], ['worker', 'arm64']]);
    const file = JSON.parse(await readFile(join(data.path, 'hosts.json'), 'utf8')) as { hosts: Array<{ arch?: string }> };
    expect(file.hosts.map((h) => h.arch)).toEqual(['amd64', 'arm64']);

    const values = variableValues(testCourse, hosts);
    expect(values.get('master.arch')).toMatchObject({ value: 'amd64', kind: 'arch' });
    expect(values.get('worker.arch')).toMatchObject({ value: 'arm64', source: 'Hosts → worker → Test connection (uname -m)' });
  });

  it('survives saving the same VM again, and is forgotten when the address changes or the VM cannot tell', async () => {
    await profiles.save(masterHost, profile('master', '10.0.0.10'));
    await profiles.setArch('master', 'arm64');
    await profiles.save(masterHost, { ...profile('master', '10.0.0.10'), user: 'admin' });
    expect((await profiles.list())[0]?.arch).toBe('arm64');

    await profiles.save(masterHost, profile('master', '10.0.0.99'));
    expect((await profiles.list())[0]?.arch).toBeUndefined();
    const values = variableValues(testCourse, await profiles.list());
    expect(values.get('master.arch')).toMatchObject({ problem: 'not read yet: press Test connection for kube-master in Hosts', fix: 'hosts' });

    await profiles.setArch('master', 'amd64');
    expect(await profiles.setArch('master', undefined)).toBe(true);
    expect((await profiles.list())[0]?.arch).toBeUndefined();
  });
});
