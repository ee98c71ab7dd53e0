import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintOf, keyTypeLabel, keyTypeOf } from './host-key';

describe('host key fingerprints', () => {
  it('match what ssh-keygen -l prints, for every key type', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hostkey-'));
    try {
      for (const type of ['ed25519', 'ecdsa', 'rsa']) {
        const file = join(dir, `k-${type}`);
        execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', file]);
        const [keyType, b64] = (await readFile(`${file}.pub`, 'utf8')).split(' ');
        const blob = Buffer.from(b64!, 'base64');
        const expected = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${file}.pub`], { encoding: 'utf8' }).split(' ')[1];
        expect(fingerprintOf(blob)).toBe(expected);
        expect(fingerprintOf(blob)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/); // unpadded
        expect(keyTypeOf(blob)).toBe(keyType);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads the key type defensively', () => {
    expect(keyTypeOf(Buffer.alloc(2))).toBe('unknown');
    expect(keyTypeOf(Buffer.from([0, 0, 0, 200, 1, 2]))).toBe('unknown');
    expect(keyTypeLabel('ssh-ed25519')).toBe('ED25519');
    expect(keyTypeLabel('ecdsa-sha2-nistp256')).toBe('ECDSA');
    expect(keyTypeLabel('rsa-sha2-512')).toBe('RSA');
  });
});
