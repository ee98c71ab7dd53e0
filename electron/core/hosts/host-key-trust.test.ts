import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprintOf } from '../ssh/host-key';
import type { SshError } from '../ssh/ssh-errors';
import { HostKeyTrust } from './host-key-trust';
import { KnownHostsStore } from './known-hosts-store';
import { recordingBus, tempDir } from './test-support';
import { rejectionOf } from '../../../test/rejection';

let dir: { path: string; remove: () => Promise<void> };
let bus: ReturnType<typeof recordingBus>;
let store: KnownHostsStore;
let trust: HostKeyTrust;
const keys: Record<'a' | 'b', { line: string; blob: Buffer }> = {} as never;
const offer = { role: 'worker', address: '10.0.0.11', port: 22, label: 'kube-worker (10.0.0.11:22)' };
const signal = () => new AbortController().signal;

beforeEach(async () => {
  dir = await tempDir('trust');
  for (const k of ['a', 'b'] as const) {
    const file = join(dir.path, k);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
    const line = (await readFile(`${file}.pub`, 'utf8')).trim().split(' ').slice(0, 2).join(' ');
    keys[k] = { line, blob: Buffer.from(line.split(' ')[1]!, 'base64') };
  }
  await mkdir(join(dir.path, 'home', '.ssh'), { recursive: true });
  bus = recordingBus();
  store = new KnownHostsStore(join(dir.path, 'data'), () => {});
  trust = new HostKeyTrust(store, join(dir.path, 'home'), bus.events, 2000);
});
afterEach(() => dir.remove());

const refusal = rejectionOf<SshError>;

describe('host key trust', () => {
  it('asks about an unknown key and stores it once accepted', async () => {
    const prompt = bus.next('hostkey:prompt');
    const verdict = trust.verify(offer, keys.a.blob, signal());
    const p = await prompt;
    expect(p).toEqual({ role: 'worker', address: '10.0.0.11', port: 22, keyType: 'ssh-ed25519', fingerprint: fingerprintOf(keys.a.blob), status: 'unknown' });
    expect(trust.isWaiting('worker')).toBe(true);
    await trust.accept('worker', p.fingerprint);
    await verdict;
    expect(await store.get('10.0.0.11', 22)).toMatchObject({ keyType: 'ssh-ed25519', fingerprint: p.fingerprint });
    expect(await trust.judge('10.0.0.11', 22, keys.a.blob)).toMatchObject({ status: 'trusted', source: 'app' });
    const file = JSON.parse(await readFile(join(dir.path, 'data', 'known_hosts.json'), 'utf8')) as { entries: Array<Record<string, unknown>> };
    expect(Object.keys(file.entries[0]!).sort()).toEqual(['addedAt', 'address', 'fingerprint', 'keyType', 'port']);
  });

  it('refuses on reject, on timeout and when the attempt is abandoned', async () => {
    const rejected = refusal(trust.verify(offer, keys.a.blob, signal()));
    await bus.next('hostkey:prompt');
    await trust.reject('worker');
    expect(await rejected).toMatchObject({ kind: 'hostkey-rejected', code: 'FAILED_PRECONDITION' });

    const timedOut = await refusal(trust.verify(offer, keys.a.blob, signal()));
    expect(timedOut).toMatchObject({ kind: 'hostkey-timeout' });

    const abort = new AbortController();
    const abandoned = refusal(trust.verify(offer, keys.a.blob, abort.signal));
    await bus.next('hostkey:prompt');
    abort.abort();
    expect(await abandoned).toMatchObject({ kind: 'disconnected' });
    expect(trust.isWaiting('worker')).toBe(false);
    expect(await store.all()).toEqual([]);
  });

  it('refuses a changed key at once, with a warning and a prompt event', async () => {
    await store.set('10.0.0.11', 22, 'ssh-ed25519', fingerprintOf(keys.a.blob));
    const prompt = bus.next('hostkey:prompt');
    const err = await refusal(trust.verify(offer, keys.b.blob, signal()));
    expect(err).toMatchObject({ kind: 'hostkey-changed', code: 'FAILED_PRECONDITION' });
    expect(err.message).toMatch(/^The host key of kube-worker \(10\.0\.0\.11:22\) has CHANGED/);
    expect(await prompt).toMatchObject({ status: 'changed', fingerprint: fingerprintOf(keys.b.blob), knownFingerprint: fingerprintOf(keys.a.blob), knownKeyType: 'ssh-ed25519' });
    expect(trust.isWaiting('worker')).toBe(false);
  });

  it('trusts ~/.ssh/known_hosts, reports its changes, and forget switches to asking', async () => {
    const kh = join(dir.path, 'home', '.ssh', 'known_hosts');
    await writeFile(kh, `10.0.0.11 ${keys.a.line}\n`);
    expect(await trust.judge('10.0.0.11', 22, keys.a.blob)).toEqual({ status: 'trusted', source: 'openssh', line: 1 });
    expect(await trust.judge('10.0.0.11', 22, keys.b.blob)).toMatchObject({ status: 'changed', source: 'openssh', knownFingerprint: fingerprintOf(keys.a.blob) });
    await store.forget('10.0.0.11', 22);
    expect(await trust.judge('10.0.0.11', 22, keys.b.blob)).toEqual({ status: 'unknown' });
    await store.set('10.0.0.11', 22, 'ssh-ed25519', fingerprintOf(keys.b.blob));
    expect(await trust.judge('10.0.0.11', 22, keys.b.blob)).toMatchObject({ status: 'trusted', source: 'app' });
  });

  it('never accepts a key marked @revoked, even one trusted here', async () => {
    await store.set('10.0.0.11', 22, 'ssh-ed25519', fingerprintOf(keys.a.blob));
    await writeFile(join(dir.path, 'home', '.ssh', 'known_hosts'), `@revoked * ${keys.a.line}\n`);
    const err = await refusal(trust.verify(offer, keys.a.blob, signal()));
    expect(err).toMatchObject({ kind: 'hostkey-revoked' });
    expect(err.message).toMatch(/@revoked/);
  });

  it('moves a corrupt known_hosts.json aside with a notice', async () => {
    const notices: string[] = [];
    await mkdir(join(dir.path, 'data2'));
    await writeFile(join(dir.path, 'data2', 'known_hosts.json'), 'nope');
    const s = new KnownHostsStore(join(dir.path, 'data2'), (m) => notices.push(m));
    expect(await s.all()).toEqual([]);
    expect(notices[0]).toMatch(/trusted host keys could not be read/);
  });
});
