// The terminal's side of `sudo -S` with a password, on a stand-in pty stream (the real
// sudo in a real pty runs in hosts/sudo-users.lab.test.ts).
import { describe, expect, it } from 'vitest';
import type { TerminalBackend } from '../terminals/backend';
import { SUDO_PROMPT } from './root-elevation';
import { SUDO_PASSWORD_REFUSED, SudoPasswordShell } from './sudo-password-shell';

class FakePty implements TerminalBackend {
  written: string[] = [];
  closed = false;
  private data?: (d: Uint8Array | string) => void;
  write(d: string) {
    this.written.push(d);
  }
  resize() {}
  pause() {}
  resume() {}
  onData(l: (d: Uint8Array | string) => void) {
    this.data = l;
  }
  onExit() {}
  close() {
    this.closed = true;
  }
  emit(d: Uint8Array | string) {
    this.data?.(d);
  }
}

function setup() {
  const pty = new FakePty();
  const shell = new SudoPasswordShell(pty, 'hunter2');
  const shown: string[] = [];
  shell.onData((d) => shown.push(typeof d === 'string' ? d : Buffer.from(d).toString('utf8')));
  return { pty, shell, shown };
}

describe('SudoPasswordShell', () => {
  it('reads the pty\'s bytes as text until the prompt (a character split between chunks kept whole), then passes them on as they are', () => {
    const { pty, shell } = setup();
    const seen: Array<Uint8Array | string> = [];
    shell.onData((d) => seen.push(d));
    const prompt = Buffer.from(`é${SUDO_PROMPT}`);
    pty.emit(prompt.subarray(0, 1)); // half of é
    pty.emit(prompt.subarray(1));
    expect(pty.written).toEqual(['hunter2\n']);
    expect(seen).toEqual(['é']);
    const after = Buffer.from('root@kube-master:~# ');
    pty.emit(after);
    expect(seen.map((d) => (typeof d === 'string' ? d : Buffer.from(d).toString()))).toEqual(['é', 'root@kube-master:~# ']);
    const flood = Buffer.from('x'.repeat(100));
    pty.emit(flood);
    expect(seen.at(-1)).toBe(flood); // passthrough: the same bytes, no copy, no decoding
  });

  it('writes the password only after the prompt, hides the prompt, and holds keystrokes until then', () => {
    const { pty, shell, shown } = setup();
    shell.write('ls\r');
    pty.emit('[k8s-tutor:sudo-');
    expect(pty.written).toEqual([]);
    pty.emit('password]');
    expect(pty.written).toEqual(['hunter2\n']);
    pty.emit('\r\n');
    expect(shown.join('')).toBe('');
    pty.emit('root@kube-master:~# ');
    expect(shown.join('')).toBe('\r\nroot@kube-master:~# ');
    expect(shown.join('')).not.toContain(SUDO_PROMPT);
    // The keystroke typed early reaches the shell after it started, never sudo.
    expect(pty.written).toEqual(['hunter2\n', 'ls\r']);
    shell.write('pwd\r');
    expect(pty.written.at(-1)).toBe('pwd\r');
  });

  it('stops at a wrong password instead of trying again, and says so', () => {
    const { pty, shell, shown } = setup();
    shell.write('x');
    pty.emit(SUDO_PROMPT);
    pty.emit('\r\n');
    pty.emit('Sorry, try again.\r\n');
    expect(shown.join('')).toBe(SUDO_PASSWORD_REFUSED);
    expect(pty.closed).toBe(true);
    expect(pty.written).toEqual(['hunter2\n']);
    pty.emit(SUDO_PROMPT);
    expect(pty.written).toEqual(['hunter2\n']);
  });

  it("shows sudo's lecture before the prompt", () => {
    const { pty, shown } = setup();
    pty.emit(`\r\nWe trust you have received the usual lecture.\r\n${SUDO_PROMPT}`);
    expect(shown.join('')).toBe('\r\nWe trust you have received the usual lecture.\r\n');
  });
});
