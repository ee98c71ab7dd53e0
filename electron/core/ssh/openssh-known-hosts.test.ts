import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashKnownHostsName, knownHostsName, lookupKnownHost, parseKnownHosts, readKnownHostsFile, wildcardMatch } from './openssh-known-hosts';

let dir: string;
const keys: Record<string, { line: string; blob: Buffer }> = {};

async function makeKey(name: string, type: string) {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', file]);
  const line = (await readFile(`${file}.pub`, 'utf8')).trim().split(' ').slice(0, 2).join(' ');
  keys[name] = { line, blob: Buffer.from(line.split(' ')[1]!, 'base64') };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'known-hosts-'));
  await makeKey('a', 'ed25519');
  await makeKey('b', 'ed25519');
  await makeKey('c', 'ecdsa');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('parsing ~/.ssh/known_hosts', () => {
  it('matches plain names, [host]:port names, several names per line, and is case-insensitive', () => {
    const { entries, skipped } = parseKnownHosts([
      '# a comment',
      '',
      `10.0.0.5,master.lab ${keys.a!.line} comment here`,
      `[10.0.0.6]:2222 ${keys.b!.line}`,
    ].join('\n'));
    expect(skipped).toEqual([]);
    expect(lookupKnownHost(entries, '10.0.0.5', 22, keys.a!.blob)).toEqual({ status: 'match', line: 3 });
    expect(lookupKnownHost(entries, 'MASTER.lab', 22, keys.a!.blob)).toMatchObject({ status: 'match' });
    // a plain name is for port 22 only
    expect(lookupKnownHost(entries, '10.0.0.5', 2222, keys.a!.blob)).toEqual({ status: 'none' });
    expect(lookupKnownHost(entries, '10.0.0.6', 2222, keys.b!.blob)).toMatchObject({ status: 'match', line: 4 });
    expect(lookupKnownHost(entries, '10.0.0.6', 22, keys.b!.blob)).toEqual({ status: 'none' });
  });

  it('reads hashed names exactly as ssh-keygen -H writes them', async () => {
    const file = join(dir, 'kh-hashed');
    await writeFile(file, `10.0.0.5 ${keys.a!.line}\n[10.0.0.6]:2222 ${keys.b!.line}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('10.0.0.5');
    expect(text).toMatch(/^\|1\|/m);
    const { entries } = await readKnownHostsFile(file);
    expect(entries.every((e) => e.hosts.kind === 'hashed')).toBe(true);
    expect(lookupKnownHost(entries, '10.0.0.5', 22, keys.a!.blob)).toMatchObject({ status: 'match' });
    expect(lookupKnownHost(entries, '10.0.0.6', 2222, keys.b!.blob)).toMatchObject({ status: 'match' });
    expect(lookupKnownHost(entries, '10.0.0.7', 22, keys.a!.blob)).toEqual({ status: 'none' });
    // the hash is HMAC-SHA1(salt, name)
    const salt = Buffer.alloc(20, 7);
    expect(hashKnownHostsName(knownHostsName('10.0.0.6', 2222), salt)).toHaveLength(20);
    expect(knownHostsName('Host.Example', 22)).toBe('host.example');
    expect(knownHostsName('10.0.0.6', 2222)).toBe('[10.0.0.6]:2222');
  });

  it('reports another key of the same type as a mismatch, other types as unknown', () => {
    const { entries } = parseKnownHosts(`10.0.0.5 ${keys.a!.line}\n`);
    expect(lookupKnownHost(entries, '10.0.0.5', 22, keys.b!.blob)).toEqual({ status: 'mismatch', line: 1, key: keys.a!.blob });
    expect(lookupKnownHost(entries, '10.0.0.5', 22, keys.c!.blob)).toEqual({ status: 'none' });
  });

  it('honours wildcards and negations', () => {
    const { entries } = parseKnownHosts(`10.0.0.*,!10.0.0.9 ${keys.a!.line}\n`);
    expect(lookupKnownHost(entries, '10.0.0.5', 22, keys.a!.blob)).toMatchObject({ status: 'match' });
    expect(lookupKnownHost(entries, '10.0.0.9', 22, keys.a!.blob)).toEqual({ status: 'none' });
    expect(wildcardMatch('kube-?', 'kube-1')).toBe(true);
    expect(wildcardMatch('kube-?', 'kube-12')).toBe(false);
    expect(wildcardMatch('*.lab', 'a.b.lab')).toBe(true);
    expect(wildcardMatch('*', '')).toBe(true);
  });

  it('blocks a key named by @revoked, ignores @cert-authority lines and skips garbage', () => {
    const { entries, skipped } = parseKnownHosts([
      `@revoked * ${keys.a!.line}`,
      `10.0.0.5 ${keys.a!.line}`,
      `@cert-authority *.lab ${keys.b!.line}`,
      '@weird 10.0.0.5 ssh-ed25519 AAAA',
      'justonefield',
      '10.0.0.5 ssh-ed25519 not*base64',
      `|1|short|hash ${keys.a!.line}`,
    ].join('\n'));
    expect(skipped).toHaveLength(4);
    expect(lookupKnownHost(entries, '10.0.0.5', 22, keys.a!.blob)).toEqual({ status: 'revoked', line: 1 });
    // a CA key is not a host key: it neither matches nor counts as a mismatch
    expect(lookupKnownHost(entries, 'x.lab', 22, keys.b!.blob)).toEqual({ status: 'none' });
  });

  it('treats a missing file as empty', async () => {
    expect(await readKnownHostsFile(join(dir, 'nope'))).toEqual({ entries: [], skipped: [] });
  });
});
