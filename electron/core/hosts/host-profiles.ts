// The learner's connection settings per role: validated, kept without secrets in
// hosts.json, with passwords and passphrases in the SecretStore; and how Hosts lists them.
import type { HostProfile, HostSummary } from '../../../common/api';
import { HostProfileSchema } from '../../../common/api';
import type { Architecture, Course, CourseHost } from '../../../common/course';
import { ApiError } from '../../../common/errors';
import type { SecretStore } from '../secrets/secret-store';
import { hostSecretKey } from '../secrets/secret-keys';
import type { AuthSpec } from '../ssh/auth';
import type { KnownHostsStore } from './known-hosts-store';
import { withoutSecrets, type ProfileStore, type StoredProfile } from './profile-store';

export class HostProfiles {
  constructor(
    private readonly course: Course,
    private readonly store: ProfileStore,
    private readonly knownHosts: KnownHostsStore,
    private readonly secrets: SecretStore,
  ) {}

  /** The host's saved settings; FAILED_PRECONDITION when there are none yet. */
  async require(host: CourseHost): Promise<StoredProfile> {
    const profile = await this.store.get(host.role);
    if (!profile) {
      throw new ApiError('FAILED_PRECONDITION', `${host.hostname} has no connection settings yet: enter its address and login in Hosts.`);
    }
    return profile;
  }

  /**
   * Validates and saves `input` for `host`. An omitted secret keeps the stored one, '' clears
   * it, and a method change drops the other method's secret. `changed`: anything a live
   * connection was made with differs now.
   */
  async save(host: CourseHost, input: HostProfile): Promise<{ stored: StoredProfile; changed: boolean }> {
    const parsed = HostProfileSchema.safeParse(input);
    if (!parsed.success) {
      throw new ApiError('INVALID_ARGUMENT', `The settings for ${host.hostname} are not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'profile'}: ${i.message}`).join('; ')}`);
    }
    const profile = parsed.data;
    const before = await this.store.get(profile.role);
    const stored = withoutSecrets(profile);
    // The architecture read from the VM holds while the settings still lead to the same VM.
    if (before?.arch && sameMachine(before, stored)) stored.arch = before.arch;
    const passwordKey = hostSecretKey(profile.role, 'password');
    const passphraseKey = hostSecretKey(profile.role, 'passphrase');
    let secretChanged = false;
    const auth = profile.auth;
    const putSecret = async (key: string, value: string | undefined) => {
      if (value === undefined) return;
      const old = await this.secrets.get(key);
      if (value === '') await this.secrets.delete(key);
      else if (old !== value) await this.secrets.set(key, value);
      if ((value === '' ? undefined : value) !== old) secretChanged = true;
    };
    if (auth.method === 'password') {
      await putSecret(passwordKey, auth.password);
      await this.secrets.delete(passphraseKey);
    } else if (auth.method === 'key') {
      await putSecret(passphraseKey, auth.passphrase);
      await this.secrets.delete(passwordKey);
    } else {
      await this.secrets.delete(passwordKey);
      await this.secrets.delete(passphraseKey);
    }
    // Only a login user other than root may need one; a root login drops it.
    if (profile.user === 'root') await putSecret(hostSecretKey(profile.role, 'sudo-password'), '');
    else await putSecret(hostSecretKey(profile.role, 'sudo-password'), profile.sudoPassword);
    await this.store.put(stored);
    return { stored, changed: secretChanged || !before || JSON.stringify(before) !== JSON.stringify(stored) };
  }

  /** Records the architecture Test connection read; undefined forgets it (a VM it cannot tell). */
  async setArch(role: string, arch: Architecture | undefined): Promise<boolean> {
    const p = await this.store.get(role);
    if (!p || p.arch === arch) return false;
    const { arch: _old, ...rest } = p;
    await this.store.put(arch ? { ...rest, arch } : rest);
    return true;
  }

  /** Forgets the role's settings and its secrets. */
  async remove(role: string): Promise<void> {
    await this.store.remove(role);
    await this.secrets.delete(hostSecretKey(role, 'password'));
    await this.secrets.delete(hostSecretKey(role, 'passphrase'));
    await this.secrets.delete(hostSecretKey(role, 'sudo-password'));
  }

  /** The saved sudo password, if any (see ssh/root-elevation.ts). */
  sudoPassword(p: StoredProfile): Promise<string | undefined> {
    return this.secrets.get(hostSecretKey(p.role, 'sudo-password'));
  }

  /** The saved hosts of this course, in the course's order. */
  async list(): Promise<HostSummary[]> {
    const all = await this.store.all();
    const order = this.course.hosts.map((h) => h.role);
    const known = all.filter((p) => order.includes(p.role)).sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
    return Promise.all(known.map((p) => this.summary(p)));
  }

  /** What Hosts shows of a profile: no secret, only whether one is saved. */
  async summary(p: StoredProfile): Promise<HostSummary> {
    const key = await this.knownHosts.get(p.address, p.port);
    return {
      role: p.role,
      address: p.address,
      ...(p.privateIp ? { privateIp: p.privateIp } : {}),
      port: p.port,
      user: p.user,
      auth: p.auth.method,
      ...(p.auth.method === 'key' ? { privateKeyPath: p.auth.privateKeyPath } : {}),
      hasSecret: await this.hasSecret(p),
      ...((await this.sudoPassword(p)) !== undefined ? { hasSudoPassword: true as const } : {}),
      ...(p.jump ? { jump: p.jump } : {}),
      ...(key ? { hostKey: { keyType: key.keyType, fingerprint: key.fingerprint } } : {}),
      ...(p.arch ? { arch: p.arch } : {}),
    };
  }

  /** How to log in with the profile: its method with the saved secret, if any. */
  async authSpec(p: StoredProfile): Promise<AuthSpec> {
    switch (p.auth.method) {
      case 'password': {
        const password = await this.secrets.get(hostSecretKey(p.role, 'password'));
        return password === undefined ? { method: 'password' } : { method: 'password', password };
      }
      case 'key': {
        const passphrase = await this.secrets.get(hostSecretKey(p.role, 'passphrase'));
        return passphrase === undefined ? { method: 'key', privateKeyPath: p.auth.privateKeyPath } : { method: 'key', privateKeyPath: p.auth.privateKeyPath, passphrase };
      }
      case 'agent':
        return { method: 'agent' };
    }
  }

  private async hasSecret(p: StoredProfile): Promise<boolean> {
    if (p.auth.method === 'agent') return false;
    return (await this.secrets.get(hostSecretKey(p.role, p.auth.method === 'password' ? 'password' : 'passphrase'))) !== undefined;
  }
}

/** Both settings reach the same VM (address, port and jump host unchanged). */
function sameMachine(a: StoredProfile, b: StoredProfile): boolean {
  return a.address === b.address && a.port === b.port && JSON.stringify(a.jump ?? null) === JSON.stringify(b.jump ?? null);
}
