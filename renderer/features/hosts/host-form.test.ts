import { describe, expect, it } from 'vitest';
import type { HostSummary } from '../../../common/api';
import { emptyForm, formFromSshConfig, formFromSummary, profileFromForm } from './host-form';

const summary: HostSummary = {
  role: 'master',
  address: '10.77.0.10',
  privateIp: '192.168.56.10',
  port: 2222,
  user: 'admin',
  auth: 'key',
  privateKeyPath: '/home/me/.ssh/id_ed25519',
  hasSecret: true,
  jump: { address: 'bastion.example.org', port: 22, user: 'jump' },
};

describe('form ↔ profile', () => {
  it('starts with port 22, the sudo user most VM images have (ubuntu) and password login', () => {
    expect(emptyForm()).toMatchObject({ port: '22', user: 'ubuntu', auth: 'password', password: '', sudoPassword: '' });
  });

  it('sends a sudo password only for a user other than root, and only when typed', () => {
    const base = { ...emptyForm(), address: 'vm1', password: 'pw' };
    const withSudo = profileFromForm('master', { ...base, sudoPassword: 'sudo-pw' });
    expect(withSudo.ok && withSudo.profile.sudoPassword).toBe('sudo-pw');
    const asRoot = profileFromForm('master', { ...base, user: 'root', sudoPassword: 'sudo-pw' });
    expect(asRoot.ok && 'sudoPassword' in asRoot.profile).toBe(false);
    const untouched = profileFromForm('master', base);
    expect(untouched.ok && 'sudoPassword' in untouched.profile).toBe(false);
  });

  it('fills the form from a saved host, never with a secret', () => {
    const v = formFromSummary(summary);
    expect(v).toMatchObject({
      address: '10.77.0.10',
      privateIp: '192.168.56.10',
      port: '2222',
      user: 'admin',
      auth: 'key',
      keyPath: '/home/me/.ssh/id_ed25519',
      passphrase: '',
      password: '',
      jumpAddress: 'bastion.example.org',
      jumpPort: '22',
      jumpUser: 'jump',
    });
  });

  it('leaves the private IP empty when it equals the address', () => {
    expect(formFromSummary({ ...summary, privateIp: summary.address }).privateIp).toBe('');
  });

  it('maps a filled form to a valid profile, leaving out empty optional fields', () => {
    const result = profileFromForm('master', { ...emptyForm(), address: ' 10.77.0.10 ', password: 'pw' });
    expect(result).toEqual({
      ok: true,
      profile: { role: 'master', address: '10.77.0.10', port: 22, user: 'ubuntu', auth: { method: 'password', password: 'pw' } },
    });
  });

  it('round-trips a saved host (secret kept on the server)', () => {
    const result = profileFromForm('master', formFromSummary(summary), true);
    expect(result).toEqual({
      ok: true,
      profile: {
        role: 'master',
        address: '10.77.0.10',
        privateIp: '192.168.56.10',
        port: 2222,
        user: 'admin',
        auth: { method: 'key', privateKeyPath: '/home/me/.ssh/id_ed25519' },
        jump: { address: 'bastion.example.org', port: 22, user: 'jump' },
      },
    });
  });

  it('omits an empty password when one is stored, and asks for one when none is', () => {
    const v = { ...emptyForm(), address: '10.0.0.5' };
    const kept = profileFromForm('worker', v, true);
    expect(kept.ok && kept.profile.auth).toEqual({ method: 'password' });
    expect(profileFromForm('worker', v, false)).toEqual({ ok: false, errors: { password: 'Enter the password' } });
  });

  it('names each invalid field with a message for the learner', () => {
    const result = profileFromForm('master', {
      ...emptyForm(),
      address: 'rm -rf /',
      privateIp: '10.0.0',
      port: '70000',
      user: '',
      password: 'x',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      address: 'Enter a host name or IP address',
      privateIp: 'Enter an IPv4 address like 10.0.0.5',
      port: 'Enter a port number from 1 to 65535',
      user: 'Required',
    });
  });

  it('rejects a non-numeric port and a key login without a key file', () => {
    const result = profileFromForm('master', { ...emptyForm(), address: 'vm1', port: '22a', auth: 'key' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual({ port: 'Enter a port number from 1 to 65535', keyPath: 'Required' });
  });

  it('uses the VM user for a jump host without one, and port 22 by default', () => {
    const result = profileFromForm('master', { ...emptyForm(), address: 'vm1', auth: 'agent', jumpAddress: 'bastion' });
    expect(result.ok && result.profile.jump).toEqual({ address: 'bastion', port: 22, user: 'ubuntu' });
  });

  it('fills a form from a ~/.ssh/config entry, with a simple ProxyJump', () => {
    const { values, warnings } = formFromSshConfig(
      { alias: 'lab', address: '10.77.0.11', port: 2222, user: 'admin', identityFile: '/k/id', proxyJump: 'j@bastion:2200' },
      { ...emptyForm(), privateIp: '192.168.0.2', password: 'typed' },
    );
    expect(warnings).toEqual([]);
    expect(values).toMatchObject({
      address: '10.77.0.11',
      port: '2222',
      user: 'admin',
      auth: 'key',
      keyPath: '/k/id',
      privateIp: '192.168.0.2',
      password: '',
      jumpAddress: 'bastion',
      jumpPort: '2200',
      jumpUser: 'j',
    });
  });

  it('keeps the user when the entry has none and warns about a chained ProxyJump', () => {
    const { values, warnings } = formFromSshConfig({ alias: 'x', address: 'x.example.org', port: 22, proxyJump: 'a@b,c@d' }, { ...emptyForm(), user: 'me' });
    expect(values).toMatchObject({ user: 'me', auth: 'password', jumpAddress: '' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/several jump hosts/);
  });
});
