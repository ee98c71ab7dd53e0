// How the app acts as root on a VM whose login user is not root: every command of the
// course (checks, resets, uploads' final move, the lesson terminals) runs through sudo.
//  - root login: nothing to do;
//  - passwordless sudo: `sudo -n`;
//  - sudo with a password: `sudo -S -k` with the password written to sudo's standard input,
//    never on a command line (which `ps` and the journal would show) nor on the VM's disk.
//    `-k` makes sudo ask every time, so the password line is always read by sudo and never
//    left over for the command. In a terminal (a pty), sudo turns echo off and then prints
//    a prompt of ours; the app waits for that prompt before it writes the password (so the
//    pty never echoes it) and hides the prompt (sudo-password-shell.ts).
import { shq } from '../terminals/shell-quote';
import { SSH_ERROR_PREFIX, SshError } from './ssh-errors';

export type Elevation =
  | { kind: 'root' }
  | { kind: 'sudo' }
  | { kind: 'sudo-password'; password: string }
  /** The login user cannot act as root; `reason` says why, in the learner's words. */
  | { kind: 'none'; reason: string };

/** The prompt sudo prints in a terminal before it reads the password (hidden by the app). */
export const SUDO_PROMPT = '[k8s-tutor:sudo-password]';

/** Reads the login user's uid and whether sudo works without a password, in one exec. */
export const ELEVATION_PROBE = 'echo "uid=$(id -u)"; echo "groups=$(id -nG)"; if command -v sudo >/dev/null 2>&1; then sudo -n true 2>&1; echo "sudo=$?"; else echo "sudo=missing"; fi';

/** Tries the sudo password (on stdin; prints nothing on success). */
export const SUDO_PASSWORD_PROBE = "sudo -k -S -p '' true";

export interface ProbeResult {
  uid: number;
  /** The login user's groups (sudo, wheel or admin usually grant sudo). */
  groups: string[];
  /** 'ok' (sudo -n works), 'missing' (no sudo), or the exit code's text with sudo's message. */
  sudo: 'ok' | 'missing' | 'refused';
  /** What sudo -n printed when it refused. */
  message: string;
}

export function parseProbe(stdout: string): ProbeResult {
  const uid = Number.parseInt(/^uid=(\d+)/m.exec(stdout)?.[1] ?? '', 10);
  const status = /^sudo=(\S+)/m.exec(stdout)?.[1];
  const groups = (/^groups=(.*)$/m.exec(stdout)?.[1] ?? '').split(/\s+/).filter(Boolean);
  const message = stdout.replace(/^(uid|groups|sudo)=.*$/gm, '').trim();
  return { uid, groups, sudo: status === '0' ? 'ok' : status === 'missing' ? 'missing' : 'refused', message };
}

/** sudo -n refused because it wants a password (rather than the user having no sudo at all). */
export function wantsPassword(message: string): boolean {
  return /password is required|a terminal is required to read the password|askpass/i.test(message);
}

/** Why a refused sudo cannot be used, in plain words (for Test connection and errors). */
export function refusalReason(message: string, user: string): string {
  if (/requiretty|must have a tty/i.test(message)) {
    return `sudo requires a tty on this VM ("Defaults requiretty" in /etc/sudoers), so the app cannot use it for checks: remove that line with \`sudo visudo\`.`;
  }
  if (/not in the sudoers|may not run sudo|not allowed to (run|execute)/i.test(message)) {
    return `${user} may not use sudo on this VM. Log in as a user who may (ubuntu, vagrant, or one in the sudo group), or as root.`;
  }
  return `sudo refused: ${message || 'no reason given'}.`;
}

/**
 * The command an exec channel runs for `command`, and what to write to its stdin first.
 * Throws when the user cannot act as root (the caller says why).
 */
export function elevateExec(command: string, elevation: Elevation): { command: string; stdin?: string } {
  switch (elevation.kind) {
    case 'root':
      return { command };
    case 'sudo':
      return { command: `sudo -n -H -- sh -c ${shq(command)}` };
    case 'sudo-password':
      return { command: `sudo -k -S -p '' -H -- sh -c ${shq(command)}`, stdin: `${elevation.password}\n` };
    case 'none':
      throw notRoot(elevation.reason);
  }
}

function notRoot(reason: string): SshError {
  return new SshError('not-root', 'session', `${SSH_ERROR_PREFIX.notRoot}${reason}`);
}

/**
 * The command a terminal runs (with a pty) for a login shell `command`: as root, in root's
 * home. With a password, the caller waits for SUDO_PROMPT before writing it.
 */
export function elevateShell(command: string, elevation: Elevation): string {
  const inner = `cd ~ 2>/dev/null; ${command}`;
  switch (elevation.kind) {
    case 'root':
      return command;
    case 'sudo':
      return `exec sudo -n -H -- sh -c ${shq(inner)}`;
    case 'sudo-password':
      return `exec sudo -k -S -p ${shq(SUDO_PROMPT)} -H -- sh -c ${shq(inner)}`;
    case 'none':
      throw notRoot(elevation.reason);
  }
}

/** How the app acts as root, for Test connection. */
export function describeElevation(elevation: Elevation, user: string): string {
  switch (elevation.kind) {
    case 'root':
      return 'Logged in as root: the course\'s commands and checks run as root directly.';
    case 'sudo':
      return `${user} may use sudo without a password: the app runs the course's commands, checks and terminals as root through sudo.`;
    case 'sudo-password':
      return `${user} may use sudo with the sudo password you saved: the app runs the course's commands, checks and terminals as root through sudo (the password goes to sudo's input, never onto a command line or the VM's disk).`;
    case 'none':
      return elevation.reason;
  }
}

const SUDO_GROUPS = new Set(['sudo', 'wheel', 'admin']);

type LoginExec = (command: string, options: { asLogin: true; timeoutMs: number; stdin?: string }) => Promise<{ code: number | null; stdout: string; stderr: string }>;

/**
 * How this login acts as root: one probe as the login user, and with a saved sudo password
 * one more (the password on stdin). Never throws for a refusal: `none` says why.
 */
export async function decideElevation(exec: LoginExec, user: string, sudoPassword: string | undefined): Promise<Elevation> {
  const probe = parseProbe((await exec(ELEVATION_PROBE, { asLogin: true, timeoutMs: 15_000 })).stdout);
  if (probe.uid === 0) return { kind: 'root' };
  if (probe.sudo === 'ok') return { kind: 'sudo' };
  if (probe.sudo === 'missing') {
    return { kind: 'none', reason: `${user} is not root and this VM has no sudo. Log in as root, or install sudo and give ${user} the right to use it.` };
  }
  if (!wantsPassword(probe.message)) return { kind: 'none', reason: refusalReason(probe.message, user) };
  if (sudoPassword === undefined) {
    // sudo asks anyone for a password before it looks at the rules, so a user it would
    // refuse looks the same here; the groups that usually grant sudo tell them apart.
    if (!probe.groups.some((g) => SUDO_GROUPS.has(g))) {
      return { kind: 'none', reason: `sudo asks ${user} for a password, and ${user} is in none of the groups that usually may use sudo (sudo, wheel, admin). If ${user} may use sudo, enter the sudo password in Hosts; otherwise log in as a user who may (ubuntu, vagrant), or as root.` };
    }
    return { kind: 'none', reason: `sudo asks ${user} for a password: enter it as the sudo password in Hosts.` };
  }
  const tried = await exec(SUDO_PASSWORD_PROBE, { asLogin: true, timeoutMs: 15_000, stdin: `${sudoPassword}\n` });
  if (tried.code === 0) return { kind: 'sudo-password', password: sudoPassword };
  const said = `${tried.stdout}\n${tried.stderr}`;
  if (/incorrect password|Sorry, try again/i.test(said)) {
    return { kind: 'none', reason: `sudo refused the saved sudo password for ${user}: enter the right one in Hosts.` };
  }
  return { kind: 'none', reason: refusalReason(said.trim(), user) };
}
