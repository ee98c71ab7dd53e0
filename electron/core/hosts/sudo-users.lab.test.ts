// Logins other than root, against the e2e lab's real VMs (lab.sh add_sudo_users): a user
// with passwordless sudo (as `ubuntu` on a cloud image), one whose sudo asks for its
// password, one without sudo. Everything the course does must run as root, and the sudo
// password must never show in the VM's process list or journal.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostProfile } from '../../../common/api';
import { labExec, labHost, labSudoUsers } from '../../../e2e/helpers/lab';
import type { TerminalBackend } from '../terminals/backend';
import { MarkScanner } from '../terminals/shell-integration';
import type { HostService } from './host-service';
import { trustingHostService } from './test-support';

let service: HostService;
let remove: () => Promise<void>;

beforeEach(async () => {
  ({ service, remove } = await trustingHostService('sudo-lab'));
});
afterEach(() => remove());

function profile(user: string, sudoPassword?: string): HostProfile {
  const h = labHost('worker');
  return { role: 'worker', address: h.address, port: h.port, user, auth: { method: 'password', password: h.password }, ...(sudoPassword !== undefined ? { sudoPassword } : {}) };
}

/** Output of a terminal until a prompt mark follows `command`; the marks say its status. */
async function runInShell(shell: TerminalBackend, command: string): Promise<{ output: string; status: number }> {
  const scanner = new MarkScanner();
  const utf8 = new TextDecoder();
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no prompt after ${command} within 20 s; output: ${output}`)), 20_000);
    let sent = false;
    shell.onData((bytes) => {
      const d = typeof bytes === 'string' ? bytes : utf8.decode(bytes, { stream: true });
      output += d;
      for (const mark of scanner.push(d)) {
        if (!sent) {
          // The first prompt: the shell is ready.
          sent = true;
          output = '';
          shell.write(`${command}\r`);
        } else {
          clearTimeout(timer);
          resolve({ output, status: mark.status });
        }
      }
    });
  });
}

describe('a login with passwordless sudo', () => {
  it('acts as root: Test connection says how, checks run as root, the terminal is a root shell with its marks', async () => {
    const { nopasswd } = labSudoUsers();
    await service.saveHost(profile(nopasswd));
    const report = await service.testHost('worker');
    expect(report.steps.find((s) => s.id === 'root')).toMatchObject({ label: 'Acts as root', status: 'pass', detail: expect.stringContaining(`${nopasswd} may use sudo without a password`) });
    expect(report.ok).toBe(true);
    expect((await service.exec('worker', 'id -u; echo "$HOME"')).stdout).toBe('0\n/root\n');
    const shell = await service.openShell('worker', { cols: 120, rows: 30 });
    const { output, status } = await runInShell(shell, 'id -un; pwd; false');
    expect(output).toMatch(/root\r?\n\/root\r?\n/);
    expect(status).toBe(1);
    shell.close();
  });
});

describe('a login whose sudo asks for a password', () => {
  it('asks for the sudo password in plain words when none is saved', async () => {
    const { password: user } = labSudoUsers();
    await service.saveHost(profile(user));
    const root = (await service.testHost('worker')).steps.find((s) => s.id === 'root');
    expect(root).toMatchObject({ status: 'fail', detail: `sudo asks ${user} for a password: enter it as the sudo password in Hosts.` });
    await expect(service.exec('worker', 'id -u')).rejects.toThrow(/^Cannot act as root: sudo asks/);
  });

  it('says so when the saved sudo password is wrong', async () => {
    const { password: user } = labSudoUsers();
    await service.saveHost(profile(user, 'not-the-password'));
    const root = (await service.testHost('worker')).steps.find((s) => s.id === 'root');
    expect(root).toMatchObject({ status: 'fail', detail: `sudo refused the saved sudo password for ${user}: enter the right one in Hosts.` });
  });

  it('acts as root with it, and the password never shows in the process list, the journal or the terminal', async () => {
    const { password: user } = labSudoUsers();
    const secret = labHost('worker').password;
    const since = Math.floor(Date.now() / 1000) - 1;
    await service.saveHost(profile(user, secret));
    const report = await service.testHost('worker');
    expect(report.steps.find((s) => s.id === 'root')).toMatchObject({ status: 'pass', detail: expect.stringContaining('with the sudo password you saved') });
    expect((await service.exec('worker', 'id -u')).stdout).toBe('0\n');

    // While a command runs through sudo, look at every process's command line from outside.
    const running = service.exec('worker', 'sleep 3; echo done');
    await new Promise((r) => setTimeout(r, 1_000));
    const processes = labExec('worker', 'ps -eo args');
    expect(processes).toContain('sleep 3');
    expect(processes).not.toContain(secret);
    expect((await running).stdout).toBe('done\n');

    const shell = await service.openShell('worker', { cols: 120, rows: 30 });
    const { output } = await runInShell(shell, 'id -un');
    expect(output).toMatch(/root\r?\n/);
    expect(output).not.toContain(secret);
    expect(output).not.toContain('[k8s-tutor:sudo-password]');
    shell.close();

    const journal = labExec('worker', `journalctl --no-pager --since '@${since}'`);
    expect(journal).toMatch(new RegExp(`sudo\\[\\d+\\]: +${user} : `));
    expect(journal).not.toContain(secret);
  });
});

describe('a login without sudo', () => {
  it('is told it may not use sudo (with a password given) or is in no sudo group (without)', async () => {
    const { nosudo } = labSudoUsers();
    await service.saveHost(profile(nosudo));
    expect((await service.testHost('worker')).steps.find((s) => s.id === 'root')?.detail).toMatch(`${nosudo} is in none of the groups that usually may use sudo`);
    await service.saveHost(profile(nosudo, labHost('worker').password));
    expect((await service.testHost('worker')).steps.find((s) => s.id === 'root')).toMatchObject({ status: 'fail', detail: expect.stringContaining(`${nosudo} may not use sudo on this VM`) });
  });
});
