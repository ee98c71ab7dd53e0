import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importSshConfig } from './ssh-config-import';
import { tempDir } from './test-support';

let home: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  home = await tempDir('sshcfg-home');
});
afterEach(() => home.remove());

describe('importing ~/.ssh/config', () => {
  it('returns [] without a config file', async () => {
    expect(await importSshConfig(home.path)).toEqual([]);
  });

  it('lists concrete hosts with resolved settings and skips patterns', async () => {
    await mkdir(join(home.path, '.ssh'));
    await writeFile(join(home.path, '.ssh', 'config'), [
      'Host kube-master km',
      '  HostName 192.168.56.10',
      '  User ubuntu',
      '  IdentityFile ~/.ssh/kube_ed25519',
      '',
      'Host kube-worker',
      '  HostName %h.lab.example',
      '  Port 2222',
      '  ProxyJump kube-master',
      '',
      'Host web-* !web-old',
      '  User www',
      '',
      'Match exec "touch ' + join(home.path, 'ran') + '"',
      '  User evil',
      '',
      'Host *',
      '  User fallback',
      '  IdentityFile %d/.ssh/id_default',
    ].join('\n'));
    const hosts = await importSshConfig(home.path);
    expect(hosts).toEqual([
      { alias: 'kube-master', address: '192.168.56.10', port: 22, user: 'ubuntu', identityFile: join(home.path, '.ssh/kube_ed25519') },
      { alias: 'km', address: '192.168.56.10', port: 22, user: 'ubuntu', identityFile: join(home.path, '.ssh/kube_ed25519') },
      { alias: 'kube-worker', address: 'kube-worker.lab.example', port: 2222, user: 'fallback', identityFile: join(home.path, '.ssh/id_default'), proxyJump: 'kube-master' },
    ]);
    // Match exec is never run
    await expect(import('node:fs/promises').then((fs) => fs.access(join(home.path, 'ran')))).rejects.toThrow();
  });
});
