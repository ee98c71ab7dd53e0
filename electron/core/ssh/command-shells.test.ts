// Checks' command shells over a real SSH connection to an in-process ssh2 server on
// 127.0.0.1 whose exec requests run in a real local `sh` (no sshd can run here; the lab
// test command-shells.lab.test.ts covers a real sshd, sudo and the VMs). The connection
// logs in as "root", so the shells start without sudo, as on a root login.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../test/rejection';
import { useTempDir } from '../../../test/temp-dir';
import { MarkedStream, markedCommand } from './command-shells';
import { MAX_PARALLEL_EXEC, openConnection, type SshConnection } from './connection';
import type { SshError } from './ssh-errors';

interface FakeSshd {
  port: number;
  /** Every exec request's command, in order. */
  commands: string[];
  /** Refuses (closes at once) exec requests whose command matches. */
  refuse?: RegExp;
  /** Drops every client connection. */
  dropAll(): void;
  close(): Promise<void>;
}

async function fakeSshd(): Promise<FakeSshd> {
  const hostKey = ssh2.utils.generateKeyPairSync('ed25519').private;
  const clients = new Set<ssh2.Connection>();
  const sshd: FakeSshd = {
    port: 0,
    commands: [],
    dropAll: () => {
      for (const c of clients) c.end();
    },
    close: () => new Promise((resolve) => {
      sshd.dropAll();
      server.close(() => resolve());
    }),
  };
  const server = new ssh2.Server({ hostKeys: [hostKey] }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client)).on('error', () => {});
    client.on('authentication', (ctx) => ctx.accept());
    client.on('session', (accept) => {
      accept().on('exec', (acceptExec, _reject, info) => {
        sshd.commands.push(info.command);
        const channel = acceptExec();
        if (sshd.refuse?.test(info.command)) {
          channel.exit(1);
          channel.end();
          return;
        }
        const child = spawn('sh', ['-c', info.command], { stdio: 'pipe' });
        channel.pipe(child.stdin).on('error', () => {});
        child.stdout.pipe(channel, { end: false });
        child.stderr.pipe(channel.stderr, { end: false });
        channel.on('close', () => child.kill('SIGKILL'));
        child.on('close', (code, signal) => {
          if (signal) channel.exit(signal);
          else channel.exit(code ?? 0);
          channel.end();
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sshd.port = (server.address() as AddressInfo).port;
  return sshd;
}

let sshd: FakeSshd;
let conns: SshConnection[];
let dir = '';
useTempDir('command-shells', (p) => (dir = p));

beforeEach(async () => {
  sshd = await fakeSshd();
  conns = [];
});
afterEach(async () => {
  for (const c of conns) c.close();
  await sshd.close();
});

async function connect(): Promise<SshConnection> {
  const conn = await openConnection({
    target: { address: '127.0.0.1', port: sshd.port, user: 'root' },
    name: 'kube-master',
    methods: (username) => [{ type: 'password', username, password: 'pw' }],
    authWhat: 'the password',
    verifyHostKey: async () => {},
  });
  conns.push(conn);
  return conn;
}

const shellStarts = () => sshd.commands.filter((c) => c.endsWith('; exec sh')).length;

describe('MarkedStream', () => {
  it('finds the marker split across chunks, keeps what came before it and reads its line', () => {
    const marker = Buffer.from('\n@@m-1234');
    const s = new MarkedStream(marker, 1024);
    for (const byte of Buffer.from('abc\n@@m-123\n@@m-1234 17\nlater')) s.push(Buffer.from([byte]));
    expect(s.done).toBe(true);
    expect(s.text()).toBe('abc\n@@m-123');
    expect(s.trailer).toBe(' 17');
  });

  it('drops what is past the cap and says so, but still finds the marker', () => {
    const s = new MarkedStream(Buffer.from('\n@@m'), 4);
    s.push(Buffer.from('0123456789'));
    expect(s.done).toBe(false);
    s.push(Buffer.from('\n@@m 0\n'));
    expect(s.text()).toBe('0123');
    expect(s.truncated).toBe(true);
    expect(s.trailer).toBe(' 0');
  });

  it('quotes the command whole, so a quote in it cannot end it early', async () => {
    const line = markedCommand(`echo 'it''s' "a"; exit 3`, '@@m');
    const out = await new Promise<string>((resolve) => {
      const child = spawn('sh', [], { stdio: 'pipe' });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.on('close', () => resolve(text));
      child.stdin.end(line);
    });
    expect(out).toBe('its a\n\n@@m 3\n');
  });
});

describe('checks in command shells', () => {
  it('gives exact exit codes, stdout without a trailing newline, and stderr apart', async () => {
    const conn = await connect();
    expect(await conn.execInShell(`printf 'no newline'; printf 'to stderr\\n' >&2; exit 3`)).toEqual({ code: 3, stdout: 'no newline', stderr: 'to stderr\n' });
    expect(await conn.execInShell('echo two; echo lines')).toEqual({ code: 0, stdout: 'two\nlines\n', stderr: '' });
    expect(await conn.execInShell('false')).toEqual({ code: 1, stdout: '', stderr: '' });
    expect(shellStarts()).toBe(1);
  });

  it('gives a command no input (EOF at once), and exit or cd in one command do not reach the next', async () => {
    const conn = await connect();
    const here = (await conn.execInShell('pwd')).stdout;
    expect(await conn.execInShell('cat; read line; echo "read: $? [$line]"')).toEqual({ code: 0, stdout: 'read: 1 []\n', stderr: '' });
    expect((await conn.execInShell('cd /; X=1; exit 4')).code).toBe(4);
    expect(await conn.execInShell('pwd; echo "X=$X"')).toEqual({ code: 0, stdout: `${here}X=\n`, stderr: '' });
    expect(shellStarts()).toBe(1);
  });

  it('returns binary output as exec does, and cuts huge output at the cap like exec', async () => {
    const file = join(dir, 'blob');
    writeFileSync(file, randomBytes(300_000));
    const conn = await connect();
    expect(await conn.execInShell(`cat ${file}`)).toEqual(await conn.exec(`cat ${file}`));
    const cut = await conn.execInShell(`cat ${file}; cat ${file} >&2`, { maxOutputBytes: 1000 });
    expect(cut).toEqual(await conn.exec(`cat ${file}; cat ${file} >&2`, { maxOutputBytes: 1000 }));
    expect(cut.truncated).toBe(true);
    expect(await conn.execInShell('echo after')).toEqual({ code: 0, stdout: 'after\n', stderr: '' });
  });

  it('loses the shell of a command that times out; the next command gets a new one', async () => {
    const conn = await connect();
    await conn.execInShell('true');
    const err = await rejectionOf<SshError>(conn.execInShell('sleep 20', { timeoutMs: 300 }));
    expect(err).toMatchObject({ kind: 'timeout', phase: 'session' });
    expect(err.message).toBe(`Timed out: "sleep 20" did not finish within 0.3 s on ${conn.label}.`);
    expect(await conn.execInShell('echo fine')).toEqual({ code: 0, stdout: 'fine\n', stderr: '' });
    expect(shellStarts()).toBe(2);
  });

  it('runs 20 checks at once in at most 4 shells, each with its own output', async () => {
    const conn = await connect();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => conn.execInShell(`sleep 0.0${i % 5}; echo ${i}; echo e${i} >&2; exit ${i}`)));
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => ({ code: i, stdout: `${i}\n`, stderr: `e${i}\n` })));
    expect(shellStarts()).toBe(4);
  });

  it('gives idle shells\' slots back to execs, so execs still run 6 at once', async () => {
    const conn = await connect();
    await Promise.all(Array.from({ length: 4 }, () => conn.execInShell('sleep 0.1')));
    expect(shellStarts()).toBe(4);
    // Six execs that each wait for the other five: they finish only if all six run together.
    const all = Array.from({ length: MAX_PARALLEL_EXEC }, (_, i) => conn.exec(`touch ${dir}/${i}; while [ $(ls ${dir} | wc -l) -lt ${MAX_PARALLEL_EXEC} ]; do sleep 0.05; done; echo ${i}`, { timeoutMs: 20_000 }));
    expect((await Promise.all(all)).map((r) => r.stdout)).toEqual(Array.from({ length: MAX_PARALLEL_EXEC }, (_, i) => `${i}\n`));
    expect(await conn.execInShell('echo again')).toEqual({ code: 0, stdout: 'again\n', stderr: '' });
  });

  it('fails a command under way with the connection\'s loss; a new connection gets new shells', async () => {
    const conn = await connect();
    await conn.execInShell('true');
    const running = conn.execInShell('sleep 20');
    await new Promise((r) => setTimeout(r, 200));
    sshd.dropAll();
    const err = await rejectionOf<SshError>(running);
    expect(err).toMatchObject({ kind: 'disconnected', phase: 'session' });
    expect(err.message).toBe(conn.reason);
    await expect(conn.execInShell('true')).rejects.toMatchObject({ kind: 'disconnected' });
    const again = await connect();
    expect(await again.execInShell('echo back')).toEqual({ code: 0, stdout: 'back\n', stderr: '' });
    expect(shellStarts()).toBe(2);
  });

  it('runs checks on exec when no shell starts on the host, and stops trying', async () => {
    sshd.refuse = /; exec sh$/;
    const conn = await connect();
    expect(await conn.execInShell('echo via exec; exit 2')).toEqual({ code: 2, stdout: 'via exec\n', stderr: '' });
    expect(await conn.execInShell('echo again')).toEqual({ code: 0, stdout: 'again\n', stderr: '' });
    expect(shellStarts()).toBe(1);
    expect(sshd.commands.filter((c) => !c.endsWith('; exec sh'))).toEqual(['echo via exec; exit 2', 'echo again']);
  });
});
