// Host profiles: hosts.json in the data dir, one per course role. The file holds how to
// log in (method, key path) but never a password or passphrase: those live in the
// SecretStore (see secrets/secret-keys.ts). The schema is strict, so a secret field could
// not be written even by mistake.
import { join } from 'node:path';
import { z } from 'zod';
import { HostProfileSchema, type HostProfile } from '../../../common/api';
import { ARCHITECTURES } from '../../../common/course';
import { JsonFileStore } from '../storage/json-file-store';

export const HOSTS_FILE = 'hosts.json';

const StoredAuthSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('password') }),
  z.strictObject({ method: z.literal('key'), privateKeyPath: z.string().min(1).max(4096) }),
  z.strictObject({ method: z.literal('agent') }),
]);

/** `arch` is not a setting: the last Test connection read it from the VM (`uname -m`). */
export const StoredProfileSchema = HostProfileSchema.omit({ auth: true }).extend({ auth: StoredAuthSchema, arch: z.enum(ARCHITECTURES).optional() });
export type StoredProfile = z.infer<typeof StoredProfileSchema>;

const HostsFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  hosts: z.array(StoredProfileSchema),
});
type HostsFile = z.infer<typeof HostsFileSchema>;

/** The profile without its secrets, as written to hosts.json. */
export function withoutSecrets(profile: HostProfile): StoredProfile {
  const { auth, sudoPassword: _sudo, ...rest } = profile;
  const stored: StoredProfile['auth'] =
    auth.method === 'key' ? { method: 'key', privateKeyPath: auth.privateKeyPath } : { method: auth.method };
  return StoredProfileSchema.parse({ ...rest, auth: stored });
}

export class ProfileStore {
  private readonly file: JsonFileStore<HostsFile>;

  constructor(dataDir: string, notice: (message: string) => void) {
    this.file = new JsonFileStore<HostsFile>({
      path: join(dataDir, HOSTS_FILE),
      schema: HostsFileSchema,
      empty: () => ({ schemaVersion: 1, hosts: [] }),
      what: 'host settings',
      notice,
    });
  }

  get path(): string {
    return this.file.path;
  }

  async all(): Promise<StoredProfile[]> {
    return (await this.file.read()).hosts;
  }

  async get(role: string): Promise<StoredProfile | undefined> {
    return (await this.all()).find((h) => h.role === role);
  }

  async put(profile: StoredProfile): Promise<void> {
    const valid = StoredProfileSchema.parse(profile);
    await this.file.update((d) => {
      const i = d.hosts.findIndex((h) => h.role === valid.role);
      if (i === -1) d.hosts.push(valid);
      else d.hosts[i] = valid;
    });
  }

  async remove(role: string): Promise<boolean> {
    return this.file.update((d) => {
      const before = d.hosts.length;
      d.hosts = d.hosts.filter((h) => h.role !== role);
      return d.hosts.length !== before;
    });
  }
}
