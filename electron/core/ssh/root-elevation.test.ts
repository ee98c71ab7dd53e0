// The sudo wrappers and the decision, without a VM. The real sudo runs in the lab
// (hosts/sudo-users.lab.test.ts); here a stand-in `sudo` on PATH (it drops its options
// and runs the command after `--`) proves that every command survives the quoting as is.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SSH_ERROR_PREFIX } from './ssh-errors';
import { type Elevation, SUDO_PROMPT, decideElevation, elevateExec, elevateShell, parseProbe, refusalReason, wantsPassword } from './root-elevation';

const bin = mkdtempSync(join(tmpdir(), 'fake-sudo-'));
writeFileSync(join(bin, 'sudo'), '#!/bin/sh\n# stand-in: skip options up to --, then run the rest\nwhile [ "$1" != "--" ]; do shift; done; shift; exec "$@"\n');
chmodSync(join(bin, 'sudo'), 0o755);
const viaSh = (command: string, stdin?: string) =>
  execFileSync('sh', ['-c', command], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, input: stdin ?? '' });

const TRICKY = `printf '%s|' "it's" "$HOME" 'a;b' "$(echo sub)"; echo "tab	and \\\\ backslash"`;

describe('elevateExec', () => {
  it('leaves a root login alone', () => {
    expect(elevateExec('id -u', { kind: 'root' })).toEqual({ command: 'id -u' });
  });

  it('wraps for sudo so that the command runs unchanged', () => {
    const plain = viaSh(TRICKY);
    const sudo = elevateExec(TRICKY, { kind: 'sudo' });
    expect(sudo.command.startsWith('sudo -n -H -- sh -c ')).toBe(true);
    expect(viaSh(sudo.command)).toBe(plain);
  });

  it('puts the sudo password on stdin, never in the command', () => {
    const run = elevateExec(TRICKY, { kind: 'sudo-password', password: "s3cr'et pass" });
    expect(run.command).not.toContain('s3cr');
    expect(run.stdin).toBe("s3cr'et pass\n");
    expect(run.command.startsWith("sudo -k -S -p '' -H -- sh -c ")).toBe(true);
  });

  it('refuses with the reason when the user cannot act as root', () => {
    expect(() => elevateExec('id', { kind: 'none', reason: 'no sudo here' })).toThrow(`${SSH_ERROR_PREFIX.notRoot}no sudo here`);
  });
});

describe('elevateShell', () => {
  it("starts the shell command as root in root's home, with our prompt when a password is needed", () => {
    const withPassword = elevateShell('exec bash -i', { kind: 'sudo-password', password: 'pw' });
    expect(withPassword).toContain(`-p '${SUDO_PROMPT}'`);
    expect(withPassword).not.toContain('pw ');
    expect(viaSh(elevateShell('pwd', { kind: 'sudo' }).replace(/^exec /, ''))).toBe(`${process.env.HOME}\n`);
    expect(elevateShell('exec bash -i', { kind: 'root' })).toBe('exec bash -i');
  });
});

describe('the decision after login', () => {
  // What Debian 12's sudo 1.9.13 prints (recorded in the e2e lab's VMs).
  const probe = (uid: number, groups: string, sudo: string, message = '') => `uid=${uid}\ngroups=${groups}\n${message}${message ? '\n' : ''}sudo=${sudo}\n`;
  const run = (probeOut: string, passwordProbe?: { code: number; stderr: string }, password?: string) => {
    const calls: { command: string; stdin?: string }[] = [];
    return decideElevation(async (command, o) => {
      calls.push({ command, ...(o.stdin !== undefined ? { stdin: o.stdin } : {}) });
      if (calls.length === 1) return { code: 0, stdout: probeOut, stderr: '' };
      return { code: passwordProbe?.code ?? 1, stdout: '', stderr: passwordProbe?.stderr ?? '' };
    }, 'pwlearner', password).then((e) => ({ e, calls }));
  };

  it('root login, passwordless sudo, sudo with the right password', async () => {
    expect((await run(probe(0, 'root', '0'))).e).toEqual<Elevation>({ kind: 'root' });
    expect((await run(probe(1000, 'learner', '0'))).e).toEqual<Elevation>({ kind: 'sudo' });
    const { e, calls } = await run(probe(1001, 'pwlearner sudo', '1', 'sudo: a password is required'), { code: 0, stderr: '' }, 'pw');
    expect(e).toEqual<Elevation>({ kind: 'sudo-password', password: 'pw' });
    expect(calls[1]).toEqual({ command: "sudo -k -S -p '' true", stdin: 'pw\n' });
  });

  it('says what is missing: a password, the right password, the right to sudo, sudo itself', async () => {
    const reason = async (...args: Parameters<typeof run>) => {
      const { e } = await run(...args);
      return e.kind === 'none' ? e.reason : `not refused: ${e.kind}`;
    };
    expect(await reason(probe(1001, 'pwlearner sudo', '1', 'sudo: a password is required'))).toBe('sudo asks pwlearner for a password: enter it as the sudo password in Hosts.');
    expect(await reason(probe(1001, 'pwlearner sudo', '1', 'sudo: a password is required'), { code: 1, stderr: 'Sorry, try again.\nsudo: 1 incorrect password attempt' }, 'wrong'))
      .toBe('sudo refused the saved sudo password for pwlearner: enter the right one in Hosts.');
    expect(await reason(probe(1002, 'nosudo', '1', 'sudo: a password is required'))).toMatch(/is in none of the groups that usually may use sudo/);
    expect(await reason(probe(1002, 'nosudo', '1', 'sudo: a password is required'), { code: 1, stderr: 'pwlearner is not in the sudoers file.' }, 'pw'))
      .toBe('pwlearner may not use sudo on this VM. Log in as a user who may (ubuntu, vagrant, or one in the sudo group), or as root.');
    expect(await reason(probe(1000, 'x', 'missing'))).toMatch(/this VM has no sudo/);
  });
});

describe('sudo messages', () => {
  it('tells a wanted password from a refusal and from requiretty', () => {
    expect(wantsPassword('sudo: a password is required')).toBe(true);
    expect(wantsPassword('sudo: a terminal is required to read the password; either use the -S option')).toBe(true);
    expect(refusalReason('sudo: sorry, you must have a tty to run sudo', 'u')).toMatch(/sudo requires a tty/);
    expect(parseProbe('uid=1000\ngroups=a sudo\nsudo: a password is required\nsudo=1\n')).toEqual({ uid: 1000, groups: ['a', 'sudo'], sudo: 'refused', message: 'sudo: a password is required' });
  });
});
