import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAuthPlan, expandHome, trackAuth } from './auth';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'auth-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'right-pass', '-f', join(dir, 'locked')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'open')]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const env = (extra = {}) => ({ homeDir: dir, hostLabel: 'kube-master', ...extra });

describe('auth plans', () => {
  it('needs a saved password', async () => {
    await expect(buildAuthPlan({ method: 'password' }, env())).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION', kind: 'credentials', message: 'Cannot log in yet: no password is saved for kube-master. Enter it in Hosts.',
    });
  });

  it('offers the password, then keyboard-interactive answered with it', async () => {
    const plan = await buildAuthPlan({ method: 'password', password: 'pw' }, env());
    const [pw, kbd] = plan.methods('root');
    expect(pw).toEqual({ type: 'password', username: 'root', password: 'pw' });
    expect(kbd?.type).toBe('keyboard-interactive');
    let answers: string[] = [];
    if (kbd?.type === 'keyboard-interactive') kbd.prompt('', '', '', [{ prompt: 'Password: ', echo: false }], (a) => (answers = a));
    expect(answers).toEqual(['pw']);
  });

  it('explains key file problems before connecting', async () => {
    await expect(buildAuthPlan({ method: 'key', privateKeyPath: '~/missing' }, env())).rejects.toThrow(`Cannot log in yet: the key file ${join(dir, 'missing')} does not exist. Check the key path in Hosts.`);
    await expect(buildAuthPlan({ method: 'key', privateKeyPath: join(dir, 'locked') }, env())).rejects.toThrow(/is protected by a passphrase. Enter the passphrase in Hosts/);
    await expect(buildAuthPlan({ method: 'key', privateKeyPath: join(dir, 'locked'), passphrase: 'wrong' }, env())).rejects.toThrow(/the passphrase for the key file .*locked is wrong/);
    await expect(buildAuthPlan({ method: 'key', privateKeyPath: join(dir, 'open.pub') }, env())).rejects.toThrow(/public key|not a private key/);
    const ok = await buildAuthPlan({ method: 'key', privateKeyPath: join(dir, 'locked'), passphrase: 'right-pass' }, env());
    expect(ok.methods('root')[0]).toMatchObject({ type: 'publickey', username: 'root', passphrase: 'right-pass' });
    expect((await buildAuthPlan({ method: 'key', privateKeyPath: '~/open' }, env())).what).toBe(`the key ${join(dir, 'open')}`);
  });

  it('needs SSH_AUTH_SOCK for the agent', async () => {
    if (process.platform === 'win32') return;
    await expect(buildAuthPlan({ method: 'agent' }, env({ env: {} }))).rejects.toThrow(/SSH_AUTH_SOCK is not set/);
    const plan = await buildAuthPlan({ method: 'agent' }, env({ env: { SSH_AUTH_SOCK: '/tmp/agent.sock' } }));
    expect(plan.methods('root')).toEqual([{ type: 'agent', username: 'root', agent: '/tmp/agent.sock' }]);
  });

  it('skips methods the server does not allow, then gives up', () => {
    const tracker = trackAuth([
      { type: 'password', username: 'root', password: 'x' },
      { type: 'keyboard-interactive', username: 'root', prompt: () => {} },
    ]);
    const tried: unknown[] = [];
    tracker.handler(null as never, false, (m) => tried.push(m));
    tracker.handler(['publickey'], false, (m) => tried.push(m));
    expect(tried).toEqual([expect.objectContaining({ type: 'password' }), false]);
    expect(tracker.serverAllows()).toEqual(['publickey']);
    expect(tracker.attempted()).toBe(true);
  });

  it('expands ~ like ssh', () => {
    expect(expandHome('~', '/home/a')).toBe('/home/a');
    expect(expandHome('~/.ssh/id', '/home/a')).toBe('/home/a/.ssh/id');
    expect(expandHome('/abs/id', '/home/a')).toBe('/abs/id');
    expect(expandHome('.ssh/id', '/home/a')).toBe('/home/a/.ssh/id');
  });
});
