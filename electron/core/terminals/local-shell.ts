// The learner's own machine as a terminal target: a login shell in a pty (node-pty).
// pause/resume stop and restart reading the pty, so a flood blocks the writer in the
// kernel instead of piling up in memory.
import { homedir } from 'node:os';
import { basename } from 'node:path';
import { spawn, type IPty } from 'node-pty';
import { integratedBashArgs } from './shell-integration';
import type { TerminalBackend, TerminalSize } from './backend';

export interface LocalShellOptions {
  /** Default: $SHELL, else /bin/bash. */
  shell?: string;
  /** Default: ['-l'] (a login shell, like a terminal emulator starts). */
  args?: string[];
  /** Default: the home directory. */
  cwd?: string;
  /** Default: this process's environment without secrets (see localShellEnv). */
  env?: NodeJS.ProcessEnv;
}

/** Names that must not leak from the app into the learner's shell. */
const SECRET_NAME = /(TOKEN|SECRET|PASSW|PASSPHRASE|CREDENTIAL|API_?KEY|PRIVATE_?KEY|COOKIE|SESSION_?KEY)/i;
/** The app's own plumbing, meaningless (or harmful) in a user shell. */
const APP_NAME = /^(ELECTRON_|TUTOR_|VITEST|NODE_OPTIONS$|NODE_ENV$|NODE_CHANNEL_FD$|npm_)/i;

/** The environment for a local shell: the app's minus secrets and app plumbing, with a proper TERM. */
export function localShellEnv(source: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined || SECRET_NAME.test(name) || APP_NAME.test(name)) continue;
    env[name] = value;
  }
  env.TERM = 'xterm-256color';
  env.COLORTERM = 'truecolor';
  return env;
}

export function defaultShell(env: NodeJS.ProcessEnv = process.env): string {
  return env.SHELL && env.SHELL.startsWith('/') ? env.SHELL : '/bin/bash';
}

/** Starts a local login shell; throws if the shell cannot be spawned. */
export function createLocalShell(size: TerminalSize, options: LocalShellOptions = {}): TerminalBackend {
  const source = options.env ?? process.env;
  const env = localShellEnv(source);
  const shell = options.shell ?? defaultShell(source);
  // bash gets shell integration (prompt marks for block status and typing mode); other shells run plain.
  const args = options.args ?? (basename(shell) === 'bash' ? integratedBashArgs() : ['-l']);
  const pty: IPty = spawn(shell, args, {
    name: 'xterm-256color',
    cols: size.cols,
    rows: size.rows,
    cwd: options.cwd ?? homedir(),
    env,
    // Bytes, not strings: output goes on as the pty wrote it (the batcher keeps characters whole).
    encoding: null,
  });
  let exited = false;
  const dataListeners: Array<(data: Uint8Array | string) => void> = [];
  const exitListeners: Array<(code: number | null, reason?: string) => void> = [];
  // With encoding null, node-pty hands over Buffers (its types still say string).
  pty.onData((data: Uint8Array | string) => { for (const listener of dataListeners) listener(data); });
  pty.onExit(({ exitCode, signal }) => {
    exited = true;
    // Killed by a signal: report it the way a shell does ($? = 128 + signal).
    const code = signal ? 128 + signal : exitCode;
    for (const listener of exitListeners) listener(code);
  });

  return {
    write(data) {
      if (!exited) pty.write(data);
    },
    resize(cols, rows) {
      if (!exited) pty.resize(cols, rows);
    },
    pause() {
      if (!exited) pty.pause();
    },
    resume() {
      if (!exited) pty.resume();
    },
    onData(listener) {
      dataListeners.push(listener);
    },
    onExit(listener) {
      exitListeners.push(listener);
    },
    close() {
      if (exited) return;
      try {
        pty.kill();
      } catch {
        // Already gone.
      }
    },
  };
}
