// Passwords and passphrases for the Electron app: encrypted with Electron's safeStorage
// (ASYNC API: the OS keychain / DPAPI / libsecret or kwallet) and kept as base64 ciphertext
// in secrets.json in the data dir (atomic writes, mode 600). Plaintext never touches disk.
// On Linux without a keyring, Chromium falls back to "basic_text" (a fixed built-in key):
// the description says so honestly so the UI can warn. Without any encryption at all the
// store keeps secrets in memory only.
// safeStorage is passed in (an object with those methods) so tests can use a fake: no
// Electron binary runs on the build machines.
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import { MemorySecretStore, type SecretStore, writeFileAtomic } from '../core';

export const SECRETS_FILE = 'secrets.json';

export type SafeStorageApi = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>;

interface SecretsFile {
  schemaVersion: 1;
  /** key → base64 of safeStorage ciphertext */
  secrets: Record<string, string>;
}

export interface SafeStorageSecretsOptions {
  platform?: NodeJS.Platform;
  /** Told when secrets.json could not be read and was moved aside. */
  notice?: (message: string) => void;
}

/** Creates the app's secret store; call after `app.whenReady()`. */
export async function createSafeStorageSecretStore(safeStorage: SafeStorageApi, dataDir: string, options: SafeStorageSecretsOptions = {}): Promise<SecretStore> {
  const platform = options.platform ?? process.platform;
  let available: boolean;
  try {
    available = await safeStorage.isAsyncEncryptionAvailable();
  } catch {
    available = false;
  }
  if (!available) return new MemorySecretStore('kept in memory only, until the app quits: this system offers no encryption for saving them');
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined;
  const description =
    backend === 'basic_text'
      ? 'saved in secrets.json, but NOT really protected: no system keyring (GNOME Keyring, KWallet) was found, so they are encrypted with a key built into the app. Anyone who can read your files can read them.'
      : platform === 'darwin'
        ? 'saved encrypted with a key from your macOS Keychain'
        : platform === 'win32'
          ? 'saved encrypted with Windows DPAPI (your Windows login)'
          : `saved encrypted with a key from your system keyring (${backend ?? 'unknown'})`;
  return new SafeStorageSecretStore(safeStorage, join(dataDir, SECRETS_FILE), description, options.notice ?? (() => {}), backend === 'basic_text' ? 'weak' : 'encrypted');
}

export class SafeStorageSecretStore implements SecretStore {
  private file: SecretsFile | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly safeStorage: SafeStorageApi,
    readonly path: string,
    readonly description: string,
    private readonly notice: (message: string) => void,
    readonly level: 'encrypted' | 'weak' = 'encrypted',
  ) {}

  async get(key: string): Promise<string | undefined> {
    const file = await this.load();
    const cipher = file.secrets[key];
    if (cipher === undefined) return undefined;
    let plain: { result: string; shouldReEncrypt: boolean };
    try {
      plain = await this.safeStorage.decryptStringAsync(Buffer.from(cipher, 'base64'));
    } catch (err) {
      // E.g. the keyring was reset: the secret is lost, ask the learner again.
      this.notice(`A saved password could not be decrypted (${(err as Error).message}). Enter it again in Hosts.`);
      return undefined;
    }
    if (plain.shouldReEncrypt) await this.set(key, plain.result);
    return plain.result;
  }

  set(key: string, value: string): Promise<void> {
    return this.serialize(async () => {
      const cipher = (await this.safeStorage.encryptStringAsync(value)).toString('base64');
      const file = await this.load();
      await this.save({ ...file, secrets: { ...file.secrets, [key]: cipher } });
    });
  }

  delete(key: string): Promise<void> {
    return this.serialize(async () => {
      const file = await this.load();
      if (!(key in file.secrets)) return;
      const secrets = { ...file.secrets };
      delete secrets[key];
      await this.save({ ...file, secrets });
    });
  }

  private serialize(work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async save(next: SecretsFile): Promise<void> {
    await writeFileAtomic(this.path, `${JSON.stringify(next, null, 2)}\n`, 0o600);
    this.file = next;
  }

  private async load(): Promise<SecretsFile> {
    if (this.file) return this.file;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      return (this.file = { schemaVersion: 1, secrets: {} });
    }
    const parsed = parseSecretsFile(text);
    if (parsed) return (this.file = parsed);
    const aside = `${this.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(this.path, aside);
    this.notice(`Your saved passwords could not be read; the file was moved to ${aside}. Enter the passwords again in Hosts.`);
    return (this.file = { schemaVersion: 1, secrets: {} });
  }
}

function parseSecretsFile(text: string): SecretsFile | undefined {
  try {
    const json = JSON.parse(text) as Partial<SecretsFile> | null;
    if (!json || json.schemaVersion !== 1 || typeof json.secrets !== 'object' || json.secrets === null) return undefined;
    const secrets: Record<string, string> = {};
    for (const [k, v] of Object.entries(json.secrets)) {
      if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) return undefined;
      secrets[k] = v;
    }
    return { schemaVersion: 1, secrets };
  } catch {
    return undefined;
  }
}
