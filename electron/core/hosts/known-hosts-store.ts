// The app's own trusted host keys: known_hosts.json in the data dir, one key per
// address:port, each with its OpenSSH SHA256 fingerprint. (Tabby kept a store like this;
// unlike Tabby we also read the user's ~/.ssh/known_hosts, see host-key-trust.ts.)
import { join } from 'node:path';
import { z } from 'zod';
import { JsonFileStore } from '../storage/json-file-store';

export const KNOWN_HOSTS_FILE = 'known_hosts.json';

const endpoint = { address: z.string().min(1), port: z.number().int().min(1).max(65535) };

export const KnownHostEntrySchema = z.strictObject({
  ...endpoint,
  keyType: z.string().min(1),
  fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/),
  addedAt: z.string(),
});
export type KnownHostEntry = z.infer<typeof KnownHostEntrySchema>;

const KnownHostsFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  entries: z.array(KnownHostEntrySchema),
  /**
   * Endpoints whose key in ~/.ssh/known_hosts the learner chose to replace (after a
   * changed-key warning): that file is no longer consulted for them, only this store.
   */
  ignoreOpenSsh: z.array(z.strictObject(endpoint)).default([]),
});
type KnownHostsFile = z.infer<typeof KnownHostsFileSchema>;

const same = (a: { address: string; port: number }, address: string, port: number) =>
  a.address.toLowerCase() === address.toLowerCase() && a.port === port;

export class KnownHostsStore {
  private readonly file: JsonFileStore<KnownHostsFile>;

  constructor(dataDir: string, notice: (message: string) => void) {
    this.file = new JsonFileStore<KnownHostsFile>({
      path: join(dataDir, KNOWN_HOSTS_FILE),
      schema: KnownHostsFileSchema,
      empty: () => ({ schemaVersion: 1, entries: [], ignoreOpenSsh: [] }),
      what: 'trusted host keys',
      notice,
    });
  }

  async get(address: string, port: number): Promise<KnownHostEntry | undefined> {
    return (await this.file.read()).entries.find((e) => same(e, address, port));
  }

  async all(): Promise<KnownHostEntry[]> {
    return (await this.file.read()).entries;
  }

  async ignoresOpenSsh(address: string, port: number): Promise<boolean> {
    return (await this.file.read()).ignoreOpenSsh.some((e) => same(e, address, port));
  }

  /** Trusts `fingerprint` for address:port, replacing any earlier key. */
  async set(address: string, port: number, keyType: string, fingerprint: string): Promise<KnownHostEntry> {
    const entry: KnownHostEntry = { address, port, keyType, fingerprint, addedAt: new Date().toISOString() };
    await this.file.update((d) => {
      d.entries = d.entries.filter((e) => !same(e, address, port));
      d.entries.push(entry);
    });
    return entry;
  }

  /**
   * Forgets the key for address:port and stops trusting ~/.ssh/known_hosts for it, so the
   * next connect asks the learner (an @revoked line there still blocks).
   */
  async forget(address: string, port: number): Promise<void> {
    await this.file.update((d) => {
      d.entries = d.entries.filter((e) => !same(e, address, port));
      if (!d.ignoreOpenSsh.some((e) => same(e, address, port))) d.ignoreOpenSsh.push({ address, port });
    });
  }
}
