// With a fake safeStorage (no Electron binary runs here): ciphertext only, atomic, mode 600.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSafeStorageSecretStore, type SafeStorageApi } from './safe-storage-secrets';

type Backend = ReturnType<SafeStorageApi['getSelectedStorageBackend']>;

/** AES-GCM with a random key: opaque like the real thing. */
function fakeSafeStorage(backend: Backend = 'gnome_libsecret', available = true): SafeStorageApi & { reEncrypt: boolean } {
  const key = randomBytes(32);
  const fake = {
    reEncrypt: false,
    isAsyncEncryptionAvailable: async () => available,
    getSelectedStorageBackend: () => backend,
    encryptStringAsync: async (plain: string) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptStringAsync: async (data: Buffer) => {
      const d = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      d.setAuthTag(data.subarray(12, 28));
      const result = Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8');
      return { result, shouldReEncrypt: fake.reEncrypt };
    },
  };
  return fake;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'secrets-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const PLAIN = 'very-secret-Passw0rd!';

describe('safeStorage secret store', () => {
  it('writes only ciphertext, with mode 600, and reads it back', async () => {
    const safe = fakeSafeStorage();
    const store = await createSafeStorageSecretStore(safe, dir, { platform: 'linux' });
    await store.set('host:master:password', PLAIN);
    await store.set('host:worker:passphrase', 'other');
    const text = await readFile(join(dir, 'secrets.json'), 'utf8');
    expect(text).not.toContain(PLAIN);
    expect(text).not.toContain(Buffer.from(PLAIN).toString('base64'));
    expect(JSON.parse(text)).toMatchObject({ schemaVersion: 1, secrets: { 'host:master:password': expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) } });
    expect((await stat(join(dir, 'secrets.json'))).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['secrets.json']); // no temp files left behind
    expect(await store.get('host:master:password')).toBe(PLAIN);

    // A new store (app restart) decrypts what the last one wrote.
    const again = await createSafeStorageSecretStore(safe, dir, { platform: 'linux' });
    expect(await again.get('host:master:password')).toBe(PLAIN);
    await again.delete('host:master:password');
    expect(await again.get('host:master:password')).toBeUndefined();
    expect(await again.get('host:worker:passphrase')).toBe('other');
    expect(again.description).toMatch(/system keyring \(gnome_libsecret\)/);
    expect(again.level).toBe('encrypted');
  });

  it('writes nothing for a delete of a key it does not hold; sets of one key land in call order', async () => {
    const safe = fakeSafeStorage();
    const encrypt = safe.encryptStringAsync;
    let slow = 30;
    safe.encryptStringAsync = async (plain) => {
      await new Promise((resolve) => setTimeout(resolve, (slow -= 10))); // the first set encrypts slowest
      return encrypt(plain);
    };
    const store = await createSafeStorageSecretStore(safe, dir, { platform: 'linux' });
    await store.delete('nothing-here');
    expect(await readdir(dir)).toEqual([]);
    await Promise.all([store.set('k', 'first'), store.set('k', 'second'), store.set('k', 'third')]);
    const again = await createSafeStorageSecretStore(safe, dir, { platform: 'linux' });
    expect(await again.get('k')).toBe('third');
  });

  it('says honestly that basic_text is no real protection', async () => {
    const store = await createSafeStorageSecretStore(fakeSafeStorage('basic_text'), dir, { platform: 'linux' });
    expect(store.description).toMatch(/NOT really protected/);
    expect(store.level).toBe('weak');
  });

  it('keeps secrets in memory only when no encryption is available', async () => {
    const store = await createSafeStorageSecretStore(fakeSafeStorage('basic_text', false), dir, { platform: 'linux' });
    await store.set('k', PLAIN);
    expect(await store.get('k')).toBe(PLAIN);
    expect(await readdir(dir)).toEqual([]);
    expect(store.description).toMatch(/memory only/);
    expect(store.level).toBe('memory');
  });

  it('re-encrypts when safeStorage asks, and survives a corrupt or undecryptable file', async () => {
    const safe = fakeSafeStorage();
    const notices: string[] = [];
    const store = await createSafeStorageSecretStore(safe, dir, { platform: 'linux', notice: (m) => notices.push(m) });
    await store.set('k', PLAIN);
    const before = await readFile(join(dir, 'secrets.json'), 'utf8');
    safe.reEncrypt = true;
    expect(await store.get('k')).toBe(PLAIN);
    expect(await readFile(join(dir, 'secrets.json'), 'utf8')).not.toBe(before);

    await writeFile(join(dir, 'secrets.json'), '{"schemaVersion":1,"secrets":{"k":"AAAA"}}');
    const reread = await createSafeStorageSecretStore(safe, dir, { platform: 'linux', notice: (m) => notices.push(m) });
    expect(await reread.get('k')).toBeUndefined();
    await writeFile(join(dir, 'secrets.json'), 'garbage');
    const corrupt = await createSafeStorageSecretStore(safe, dir, { platform: 'linux', notice: (m) => notices.push(m) });
    expect(await corrupt.get('k')).toBeUndefined();
    expect((await readdir(dir)).some((f) => f.startsWith('secrets.json.corrupt-'))).toBe(true);
    expect(notices).toHaveLength(2);
  });
});
