// copyFiles against an in-memory SFTP pair (an SFTP server cannot run here without the lab;
// copy-files.lab.test.ts copies between the lab's real VMs), and verifyScript run by a real
// bash on real files.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/temp-dir';
import { COPY_MAX_BYTES, copyFiles, verifyScript } from './copy-files';

interface Entry { data?: Buffer; mode: number; dir?: boolean }

/** One VM's file system as ssh2's SFTPWrapper sees it (only the calls copyFiles makes). */
function fakeVm(files: Record<string, Entry>) {
  const fs = new Map<string, Entry>(Object.entries({ '/': { mode: 0o755, dir: true }, ...files }));
  const calls: string[] = [];
  const noSuch = () => Object.assign(new Error('No such file'), { code: 2 });
  const stats = (e: Entry) => ({ mode: e.mode, size: e.data?.length ?? 0, isFile: () => !e.dir, isDirectory: () => !!e.dir });
  type Cb = (err?: Error | null, v?: unknown) => void;
  const sftp = {
    stat: (p: string, cb: Cb) => (fs.has(p) ? cb(null, stats(fs.get(p)!)) : cb(noSuch())),
    readFile: (p: string, cb: Cb) => (fs.get(p)?.data ? cb(null, fs.get(p)!.data) : cb(noSuch())),
    writeFile: (p: string, data: Buffer, opts: { mode: number }, cb: Cb) => {
      calls.push(`write ${p}`);
      fs.set(p, { data: Buffer.from(data), mode: opts.mode });
      cb(null);
    },
    chmod: (p: string, mode: number, cb: Cb) => {
      calls.push(`chmod ${p} ${mode.toString(8)}`);
      const e = fs.get(p);
      if (!e) return cb(noSuch());
      e.mode = mode;
      cb(null);
    },
    mkdir: (p: string, _attrs: unknown, cb: Cb) => {
      calls.push(`mkdir ${p}`);
      fs.set(p, { mode: 0o755, dir: true }); // sftp-server's umask; copyFiles must chmod
      cb(null);
    },
    ext_openssh_rename: (a: string, b: string, cb: Cb) => {
      calls.push(`rename ${a} ${b}`);
      fs.set(b, fs.get(a)!);
      fs.delete(a);
      cb(null);
    },
    unlink: (p: string, cb: Cb) => {
      fs.delete(p);
      cb(null);
    },
    end: () => calls.push('end'),
  };
  const client = { sftp: (cb: Cb) => cb(null, sftp) } as unknown as Client;
  return { fs, calls, client };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('copyFiles', () => {
  it('copies each file to the same path, with the source mode or the given one, through .part; new folders are 0700', async () => {
    const crt = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const key = Buffer.from('-----BEGIN PRIVATE KEY-----\nsecret\n-----END PRIVATE KEY-----\n');
    const master = fakeVm({ '/root': { mode: 0o700, dir: true }, '/root/certificates': { mode: 0o755, dir: true }, '/root/certificates/ca.crt': { data: crt, mode: 0o644 }, '/root/certificates/kube-worker.key': { data: key, mode: 0o600 } });
    const worker = fakeVm({ '/root': { mode: 0o700, dir: true } });
    const copied = await copyFiles({ name: 'kube-master', client: master.client }, { name: 'kube-worker', client: worker.client }, [
      { path: '/root/certificates/ca.crt' },
      { path: '/root/certificates/kube-worker.key', mode: 0o400 },
    ]);
    expect(copied).toEqual([
      { path: '/root/certificates/ca.crt', size: crt.length, mode: 0o644, sha256: sha(crt) },
      { path: '/root/certificates/kube-worker.key', size: key.length, mode: 0o400, sha256: sha(key) },
    ]);
    expect(worker.fs.get('/root/certificates')).toEqual({ mode: 0o700, dir: true });
    expect(worker.fs.get('/root/certificates/ca.crt')).toEqual({ data: crt, mode: 0o644 });
    expect(worker.fs.get('/root/certificates/kube-worker.key')).toEqual({ data: key, mode: 0o400 });
    expect(worker.calls).toEqual([
      'mkdir /root/certificates', 'chmod /root/certificates 700',
      'write /root/certificates/ca.crt.part', 'chmod /root/certificates/ca.crt.part 644', 'rename /root/certificates/ca.crt.part /root/certificates/ca.crt',
      'write /root/certificates/kube-worker.key.part', 'chmod /root/certificates/kube-worker.key.part 400', 'rename /root/certificates/kube-worker.key.part /root/certificates/kube-worker.key',
      'end',
    ]);
    expect(master.calls).toEqual(['end']); // the source is only read
  });

  it('names the file and the machine: missing, a folder, too big; nothing is written, not even the files before it', async () => {
    const master = fakeVm({ '/root': { mode: 0o700, dir: true }, '/ok': { data: Buffer.from('ok\n'), mode: 0o644 }, '/big': { data: Buffer.alloc(COPY_MAX_BYTES + 1), mode: 0o644 } });
    const worker = fakeVm({});
    const copy = (path: string) => copyFiles({ name: 'kube-master', client: master.client }, { name: 'kube-worker', client: worker.client }, [{ path }]);
    await expect(copy('/root/certificates/ca.crt')).rejects.toThrow('/root/certificates/ca.crt does not exist on kube-master: run the blocks above that make it first');
    const goodThenMissing = copyFiles({ name: 'kube-master', client: master.client }, { name: 'kube-worker', client: worker.client }, [{ path: '/ok' }, { path: '/nope' }]);
    await expect(goodThenMissing).rejects.toThrow('/nope does not exist on kube-master');
    await expect(copy('/root')).rejects.toThrow('/root on kube-master is not a regular file');
    await expect(copy('/big')).rejects.toThrow(`/big on kube-master is ${COPY_MAX_BYTES + 1} bytes`);
    expect(worker.calls.filter((c) => c !== 'end')).toEqual([]);
  });
});

describe('verifyScript', () => {
  let dir = '';
  useTempDir('copy-verify', (d) => (dir = d));

  it('passes in bash when every file has the source digest, fails when one differs', () => {
    const a = join(dir, 'ca.crt');
    const b = join(dir, 'kube-worker.key');
    writeFileSync(a, 'cert\n');
    writeFileSync(b, 'key\n');
    const script = verifyScript('kube-master', [
      { path: a, size: 5, mode: 0o644, sha256: sha(Buffer.from('cert\n')) },
      { path: b, size: 4, mode: 0o600, sha256: sha(Buffer.from('key\n')) },
    ]);
    expect(script.split('\n')[0]).toBe('# 2 files copied by the app from kube-master over its own SSH connections; checking them here:');
    const ok = execFileSync('bash', ['-e', '-c', script], { encoding: 'utf8' });
    expect(ok).toContain(`${a}: OK`);
    expect(ok).toContain(`${b}: OK`);
    writeFileSync(b, 'another key\n');
    const bad = spawnSync('bash', ['-e', '-c', script], { encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toContain(`${b}: FAILED`);
  });
});
