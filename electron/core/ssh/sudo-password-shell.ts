// A terminal that became root through `sudo -S` with a password (root-elevation.ts): the
// pty's output is held until sudo prints our prompt (by then sudo has turned echo off), the
// password is written, and the prompt never reaches the screen. Nothing the learner types
// goes to the pty before that, so a keystroke can never be read as the password. A second
// prompt means sudo refused the password: the app does not try again (sudo would count the
// failures) and says so instead.
import { StringDecoder } from 'node:string_decoder';
import type { TerminalBackend } from '../terminals/backend';
import { SUDO_PROMPT } from './root-elevation';

/** sudo's answer to a wrong password, with the line breaks around it. */
const TRY_AGAIN = /\r?\n?Sorry, try again\.?\r?\n?/i;

/** Output held while waiting for the prompt; past it, something else is going on: show it. */
const HOLD_MAX = 64 * 1024;

export const SUDO_PASSWORD_REFUSED =
  '\r\n[The app could not become root: sudo refused the saved sudo password. Enter the right one in Hosts, then reconnect.]\r\n';

export class SudoPasswordShell implements TerminalBackend {
  private state: 'waiting' | 'fed' | 'refused' | 'passthrough' = 'waiting';
  private held = '';
  private queued: string[] = [];
  private readonly dataListeners: ((data: Uint8Array | string) => void)[] = [];
  /** Until sudo's prompt is past, output is read as text; afterwards its bytes go on as they are. */
  private readonly decoder = new StringDecoder('utf8');

  constructor(
    private readonly inner: TerminalBackend,
    private readonly password: string,
  ) {
    inner.onData((data) => {
      if (this.state === 'passthrough') return this.emit(data);
      this.onInnerData(typeof data === 'string' ? data : this.decoder.write(data));
    });
  }

  private onInnerData(data: string): void {
    if (this.state === 'passthrough') return this.emit(data);
    if (this.state === 'refused') return;
    this.held += data;
    const at = this.held.indexOf(SUDO_PROMPT);
    if (at < 0) {
      // sudo answers the password with a newline at once, and with "Sorry, try again." or
      // the shell only after PAM decided (a wrong one takes ~2 s): wait for more than blanks.
      if (this.state === 'fed' && this.held.trim() === '') return;
      if (this.state === 'fed' && TRY_AGAIN.test(this.held)) return this.refuse(this.held.replace(TRY_AGAIN, ''));
      if (this.state === 'fed' || this.held.length > HOLD_MAX) this.release(this.held);
      return;
    }
    const before = this.held.slice(0, at);
    const after = this.held.slice(at + SUDO_PROMPT.length);
    this.held = '';
    if (this.state === 'waiting') {
      this.state = 'fed';
      this.inner.write(`${this.password}\n`);
      // sudo's own output before the prompt (a lecture on first use) is shown; what follows
      // the prompt is the shell starting, or another prompt.
      if (before) this.emit(before);
      if (after) this.onInnerData(after);
      return;
    }
    // Asked again: the password was wrong.
    this.refuse(before.replace(TRY_AGAIN, ''));
  }

  private refuse(before: string): void {
    this.state = 'refused';
    this.held = '';
    this.emit(`${before}${SUDO_PASSWORD_REFUSED}`);
    this.inner.close();
  }

  /** The shell has started (or something unexpected came): from now on, output flows as is. */
  private release(text: string): void {
    this.held = '';
    this.state = 'passthrough';
    if (text) this.emit(text);
    for (const data of this.queued.splice(0)) this.inner.write(data);
  }

  private emit(data: Uint8Array | string): void {
    for (const listener of this.dataListeners) listener(data);
  }

  write(data: string): void {
    if (this.state === 'passthrough') this.inner.write(data);
    else if (this.state !== 'refused') this.queued.push(data);
  }

  resize(cols: number, rows: number): void {
    this.inner.resize(cols, rows);
  }

  pause(): void {
    this.inner.pause();
  }

  resume(): void {
    this.inner.resume();
  }

  onData(listener: (data: Uint8Array | string) => void): void {
    this.dataListeners.push(listener);
  }

  onExit(listener: (code: number | null, reason?: string) => void): void {
    this.inner.onExit(listener);
  }

  close(): void {
    this.inner.close();
  }
}
