// Where passwords and passphrases live. Core only sees this interface: Electron supplies
// a safeStorage-backed store (ciphertext on disk), the browser host a memory-only one.
import type { SecretStorageInfo } from '../../../common/api';
export interface SecretStore {
  /** A short human description shown to the learner (e.g. "kept in memory until the app quits"). */
  readonly description: string;
  readonly level: SecretStorageInfo['level'];
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export class MemorySecretStore implements SecretStore {
  readonly level = 'memory' as const;
  constructor(readonly description = 'kept in memory only, until the app stops') {}
  private values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key);
  }
  async set(key: string, value: string) {
    this.values.set(key, value);
  }
  async delete(key: string) {
    this.values.delete(key);
  }
}
