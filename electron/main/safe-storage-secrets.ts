// Passwords and passphrases for the Electron app: encrypted with Electron's safeStorage
// (ASYNC API: the OS keychain / DPAPI / libsecret or kwallet) and kept as base64 ciphertext
// in secrets.json in the data dir (core's JsonFileStore: atomic writes, mode 600, a corrupt
// file moved aside). Plaintext never touches disk.
// On Linux without a keyring, Chromium falls back to "basic_text" (a fixed built-in key):
// the description says so honestly so the UI can warn. Without any encryption at all the
// store keeps secrets in memory only.
// safeStorage is passed in (an object with those methods) so tests can use a fake: no
// Electron binary runs on the build machines.
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import { z } from 'zod';
import { JsonFileStore, MemorySecretStore, type SecretStore } from '../core';

export const SECRETS_FILE = 'secrets.json';

export type SafeStorageApi = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>;

const SecretsFileSchema = z.object({
  schemaVersion: z.literal(1),
  /** key → base64 of safeStorage ciphertext */
  secrets: z.record(z.string(), z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/)),
});
type SecretsFile = z.infer<typeof SecretsFileSchema>;

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
  private readonly file: JsonFileStore<SecretsFile>;

  constructor(
    private readonly safeStorage: SafeStorageApi,
    readonly path: string,
    readonly description: string,
    private readonly notice: (message: string) => void,
    readonly level: 'encrypted' | 'weak' = 'encrypted',
  ) {
    this.file = new JsonFileStore<SecretsFile>({
      path,
      schema: SecretsFileSchema,
      empty: () => ({ schemaVersion: 1, secrets: {} }),
      what: 'passwords',
      notice,
      corruptNotice: (_problem, aside) => `Your saved passwords could not be read; the file was moved to ${aside}. Enter the passwords again in Hosts.`,
    });
  }

  async get(key: string): Promise<string | undefined> {
    const cipher = (await this.file.read()).secrets[key];
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
    // Encrypting inside the write queue keeps two sets of one key in call order.
    return this.file.update(async (file) => {
      file.secrets[key] = (await this.safeStorage.encryptStringAsync(value)).toString('base64');
    });
  }

  delete(key: string): Promise<void> {
    return this.file.update((file) => {
      delete file.secrets[key];
    }, { skipIfUnchanged: true });
  }
}
