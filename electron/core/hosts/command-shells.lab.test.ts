// Checks' command shells (ssh/command-shells.ts) against the e2e lab's real VMs: real sshd,
// the login shells of root and of the lab's sudo users (lab.sh add_sudo_users), as the
// host service connects. Every command here only reads (or sleeps).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostProfile } from '../../../common/api';
import { labExec, labHost, labSudoUsers } from '../../../e2e/helpers/lab';
import { rejectionOf } from '../../../test/rejection';
import type { SshError } from '../ssh/ssh-errors';
import type { HostService } from './host-service';
import { trustingHostService } from './test-support';

let service: HostService;
let remove: () => Promise<void>;

beforeEach(async () => {
  ({ service, remove } = await trustingHostService('command-shells-lab'));
});
afterEach(() => remove());

function profile(user?: string, sudoPassword?: string): HostProfile {
  const h = labHost('worker');
  return { role: 'worker', address: h.address, port: h.port, user: user ?? h.user, auth: { method: 'password', password: h.password }, ...(sudoPassword !== undefined ? { sudoPassword } : {}) };
}

const logins: Array<[string, () => HostProfile]> = [
  ['root', () => profile()],
  ['a user with passwordless sudo', () => profile(labSudoUsers().nopasswd)],
  ['a user whose sudo asks for a password', () => profile(labSudoUsers().password, labHost('worker').password)],
];

describe.each(logins)('command shells of %s', (_name, login) => {
  it('run as root with exact exit codes and output, no input, and recover from a timeout', async () => {
    await service.saveHost(login());
    const conn = await service.connection('worker');
    expect(await conn.execInShell('id -u; printf "%s" "$HOME"; echo oops >&2; exit 3')).toEqual({ code: 3, stdout: '0\n/root', stderr: 'oops\n' });
    expect(conn.openCommandShells).toBe(1);
    // The same answers as exec, which checks used before.
    const cmd = 'stat -c %a /etc/shadow; ls /nonexistent; head -c 3 /etc/hostname | od -An -c';
    expect(await conn.execInShell(cmd)).toEqual(await conn.exec(cmd));
    // A command that reads its input gets EOF at once (never the sudo password, never the next command).
    expect(await conn.execInShell('cat; read x; echo "read $? [$x]"')).toEqual({ code: 0, stdout: 'read 1 []\n', stderr: '' });

    const err = await rejectionOf<SshError>(conn.execInShell('sleep 600', { timeoutMs: 1_500 }));
    expect(err).toMatchObject({ kind: 'timeout', phase: 'session' });
    expect(await conn.execInShell('echo fine')).toEqual({ code: 0, stdout: 'fine\n', stderr: '' });

    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => conn.execInShell(`echo ${i}; id -un >&2; exit ${i}`)));
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => ({ code: i, stdout: `${i}\n`, stderr: 'root\n' })));
    expect(conn.openCommandShells).toBe(4);
  });
});

describe('command shells through sudo with a password', () => {
  it('never show the password in the process list, and a command cannot read it', async () => {
    const secret = labHost('worker').password;
    await service.saveHost(profile(labSudoUsers().password, secret));
    const conn = await service.connection('worker');
    const running = conn.execInShell('sleep 3; cat; echo done');
    await new Promise((r) => setTimeout(r, 1_000));
    const processes = labExec('worker', 'ps -eo args');
    expect(processes).toContain('sleep 3');
    expect(processes).not.toContain(secret);
    expect(await running).toEqual({ code: 0, stdout: 'done\n', stderr: '' });
  });
});
