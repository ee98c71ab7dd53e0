import { describe, expect, it } from 'vitest';
import { createLocalShell, defaultShell, localShellEnv } from './local-shell';
import { useTestHome } from './test-support';

const home = useTestHome();

describe('localShellEnv', () => {
  it('drops secrets and app plumbing, keeps the rest, and sets TERM', () => {
    const env = localShellEnv({
      HOME: '/home/learner',
      PATH: '/usr/bin',
      SSH_AUTH_SOCK: '/run/agent.sock',
      GITHUB_TOKEN: 'x',
      TUTOR_TOKEN: 'x',
      TUTOR_DATA_DIR: '/data',
      AWS_SECRET_ACCESS_KEY: 'x',
      DB_PASSWORD: 'x',
      my_api_key: 'x',
      ELECTRON_RUN_AS_NODE: '1',
      NODE_OPTIONS: '--inspect',
      TERM: 'dumb',
      EMPTY: undefined,
    });
    expect(env).toEqual({
      HOME: '/home/learner',
      PATH: '/usr/bin',
      SSH_AUTH_SOCK: '/run/agent.sock',
      TERM: 'xterm-256color',
      COLORTERM: 'truecolor',
    });
  });

  it('uses $SHELL when it is an absolute path, else /bin/bash', () => {
    expect(defaultShell({ SHELL: '/usr/bin/zsh' })).toBe('/usr/bin/zsh');
    expect(defaultShell({ SHELL: 'zsh' })).toBe('/bin/bash');
    expect(defaultShell({})).toBe('/bin/bash');
  });
});

describe('createLocalShell (node-pty)', () => {
  it('runs an interactive bash (login files loaded, shell integration on) in the home directory with TERM set and without secrets', async () => {
    const shell = createLocalShell({ cols: 80, rows: 24 }, { env: { ...process.env, SHELL: '/bin/bash', HOME: home, TUTOR_TOKEN: 'leak' } });
    let output = '';
    shell.onData((d) => { output += d; });
    const exited = new Promise<number | null>((resolve) => shell.onExit((code) => resolve(code)));
    shell.write('printf "[%s|%s|%s|%s|%s]\\n" "$TERM" "${TUTOR_TOKEN:-none}" "$PWD" "$(case $- in *i*) echo interactive;; esac)" "$KT_TEST_PROFILE"; exit 7\r');
    expect(await exited).toBe(7);
    expect(output).toContain(`[xterm-256color|none|${home}|interactive|loaded]`);
    // bash runs with the app's shell integration: prompts carry status marks.
    expect(output).toContain('\x1b]6973;D;');
  });

  it('close() ends the shell', async () => {
    const shell = createLocalShell({ cols: 80, rows: 24 });
    const exited = new Promise<number | null>((resolve) => shell.onExit((code) => resolve(code)));
    shell.close();
    expect(typeof (await exited)).toBe('number');
    shell.close(); // idempotent
    shell.write('ignored');
  });
});
