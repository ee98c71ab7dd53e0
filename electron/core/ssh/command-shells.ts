// Long-lived shells for checks' read-only commands. An exec costs two round trips to sshd
// (channel open, exec request) before the command starts, and a third to close; a shell
// that stays open costs one: the command is written to its input, and its output comes
// back delimited by a random marker per command, with its exit status.
//  - each command runs as `( eval '<command>' ) </dev/null` in the shell: a subshell, so
//    `exit`, `cd` or variables do not leak into the next command, and its input is
//    /dev/null, so it never reads the next command (or the sudo password);
//  - stdout and stderr stay apart (the channel's two streams), each ended by the marker;
//  - a command that times out takes its shell with it (the channel is closed); the next
//    command gets another shell;
//  - up to `max` shells per connection, one command at a time each; beyond that, commands
//    wait for a shell. Each open shell holds one of the connection's exec slots, so shells
//    and execs together never open more channels than execs alone did.
// The shells are started through the same elevation as exec (root-elevation.ts) by the
// connection (connection.ts), which falls back to exec when no shell can be had.
import { randomBytes } from 'node:crypto';
import type { Client, ClientChannel } from 'ssh2';
import { shq } from '../terminals/shell-quote';
import type { ExecResult } from './connection';
import { SSH_ERROR_PREFIX, SshError, secondsText } from './ssh-errors';

/** Shells per connection (checks run several at once: a lesson has a few, on one host). */
export const MAX_COMMAND_SHELLS = 4;
/** An idle shell is closed after this long (live checks run every few seconds). */
export const SHELL_IDLE_MS = 60_000;
/** At most this long to start a shell; then the command goes to exec. */
export const SHELL_START_MS = 5_000;

const EMPTY = Buffer.alloc(0);

/**
 * One stream of one command: keeps its bytes (up to `max`) until `\n<marker>`, then reads
 * the rest of the marker's line (the exit status on stdout).
 */
export class MarkedStream {
  private tail: Buffer = EMPTY;
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  /** The text after the marker on its line, once the marker has come. */
  trailer: string | undefined;

  constructor(
    private readonly marker: Buffer,
    private readonly max: number,
  ) {}

  push(data: Buffer): void {
    if (this.trailer !== undefined) return; // written after the marker: nobody's output
    const buf = this.tail.length ? Buffer.concat([this.tail, data]) : data;
    const at = buf.indexOf(this.marker);
    if (at >= 0) {
      this.keep(buf.subarray(0, at));
      const eol = buf.indexOf(0x0a, at + this.marker.length);
      if (eol < 0) {
        this.tail = Buffer.from(buf.subarray(at));
        return;
      }
      this.trailer = buf.subarray(at + this.marker.length, eol).toString('latin1');
      this.tail = EMPTY;
      return;
    }
    // Bytes that cannot be the start of the marker are output; the rest waits for more.
    const safe = Math.max(0, buf.length - (this.marker.length - 1));
    this.keep(buf.subarray(0, safe));
    this.tail = Buffer.from(buf.subarray(safe));
  }

  get done(): boolean {
    return this.trailer !== undefined;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }

  private keep(data: Buffer): void {
    if (data.length === 0) return;
    const room = this.max - this.size;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    const part = data.length > room ? data.subarray(0, room) : data;
    if (part.length < data.length) this.truncated = true;
    this.chunks.push(Buffer.from(part));
    this.size += part.length;
  }
}

/** What one command's text is in the shell: the command, then its markers on both streams. */
export function markedCommand(command: string, marker: string): string {
  return `( eval ${shq(command)} ) </dev/null; printf '\\n%s %s\\n' ${marker} "$?"; printf '\\n%s\\n' ${marker} >&2\n`;
}

export const newMarker = (): string => `@@k8s-tutor-${randomBytes(12).toString('hex')}`;

export interface RunOptions {
  timeoutMs: number;
  maxOutputBytes: number;
  /** The command as the learner would name it, for messages. */
  label: string;
  /** The error of a command that did not finish in time (exec's own words). */
  timedOut: () => SshError;
}

interface Running {
  out: MarkedStream;
  err: MarkedStream;
  resolve: (r: ExecResult) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  label: string;
}

/** One shell on one exec channel; one command at a time. */
export class CommandShell {
  private running: Running | undefined;
  private ended = false;
  private readonly closeListeners: Array<() => void> = [];
  idleTimer: NodeJS.Timeout | undefined;

  /**
   * Opens the channel with `command` (which prints `ready` on a line, then becomes the
   * shell), writes `stdin` first (sudo's password line) and resolves once `ready` came.
   * Rejects with an SshError when sshd refused the channel or the shell was slow to start
   * (passing), and with a plain Error when it could not start (sudo refused, it ended).
   */
  static start(client: Client, command: string, stdin: string | undefined, ready: string, timeoutMs: number, lost: () => SshError): Promise<CommandShell> {
    return new Promise((resolve, reject) => {
      let settled = false;
      let channel: ClientChannel | undefined;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        channel?.close();
        reject(err);
      };
      const timer = setTimeout(() => fail(new SshError('timeout', 'session', `the command shell did not start within ${secondsText(timeoutMs)}`)), timeoutMs);
      client.exec(command, (err, ch) => {
        if (settled) {
          ch?.close();
          return;
        }
        if (err) {
          fail(new SshError('channel', 'session', `${SSH_ERROR_PREFIX.channel}${err.message}`));
          return;
        }
        channel = ch;
        if (stdin !== undefined) ch.write(stdin);
        let seen = '';
        const line = `${ready}\n`;
        const onData = (data: Buffer) => {
          seen += data.toString('latin1');
          const at = seen.indexOf(line);
          if (at < 0) {
            if (seen.length > 65536) fail(new Error('the command shell printed something unexpected'));
            return;
          }
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          ch.removeListener('data', onData);
          ch.removeListener('close', onEarlyClose);
          ch.stderr.removeAllListeners('data');
          const shell = new CommandShell(ch, lost);
          const rest = Buffer.from(seen.slice(at + line.length), 'latin1');
          if (rest.length) shell.onStdout(rest);
          resolve(shell);
        };
        const onEarlyClose = () => fail(new Error('the command shell ended before it started'));
        ch.on('data', onData);
        ch.stderr.on('data', () => {}); // sudo's lecture, or why it refused
        ch.on('close', onEarlyClose);
      });
    });
  }

  private constructor(
    private readonly channel: ClientChannel,
    private readonly lost: () => SshError,
  ) {
    channel.on('data', (d: Buffer) => this.onStdout(d));
    channel.stderr.on('data', (d: Buffer) => {
      this.running?.err.push(d);
      this.settleIfDone();
    });
    channel.on('close', () => this.end(this.lost()));
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  get closed(): boolean {
    return this.ended;
  }

  onClose(listener: () => void): void {
    if (this.ended) listener();
    else this.closeListeners.push(listener);
  }

  run(command: string, options: RunOptions): Promise<ExecResult> {
    if (this.ended) return Promise.reject(this.lost());
    if (this.running) return Promise.reject(new Error('a command shell runs one command at a time'));
    const marker = newMarker();
    const bytes = Buffer.from(`\n${marker}`, 'latin1');
    return new Promise<ExecResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        // The command hangs: this shell is lost with it (closing the channel ends the shell).
        this.end(options.timedOut());
      }, options.timeoutMs);
      this.running = { out: new MarkedStream(bytes, options.maxOutputBytes), err: new MarkedStream(bytes, options.maxOutputBytes), resolve, reject, timer, label: options.label };
      this.channel.write(markedCommand(command, marker));
    });
  }

  /** Closes the channel; a command under way fails with `reason`. */
  destroy(reason: SshError = this.lost()): void {
    this.end(reason);
  }

  private onStdout(d: Buffer): void {
    this.running?.out.push(d);
    this.settleIfDone();
  }

  private settleIfDone(): void {
    const r = this.running;
    if (!r || !r.out.done || !r.err.done) return;
    this.running = undefined;
    clearTimeout(r.timer);
    const code = Number.parseInt((r.out.trailer ?? '').trim(), 10);
    if (!Number.isInteger(code)) {
      this.end(new Error(`"${r.label}": the command shell printed no exit status`));
      r.reject(new Error(`"${r.label}": the command shell printed no exit status`));
      return;
    }
    const truncated = r.out.truncated || r.err.truncated;
    r.resolve({ code, stdout: r.out.text(), stderr: r.err.text(), ...(truncated ? { truncated } : {}) });
  }

  private end(reason: Error): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.idleTimer);
    const r = this.running;
    this.running = undefined;
    if (r) {
      clearTimeout(r.timer);
      r.reject(reason);
    }
    try {
      this.channel.signal('KILL');
    } catch {
      // sshd may not deliver signals; closing the channel ends the shell anyway
    }
    this.channel.close();
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}

/** The connection's exec slots (connection.ts): a shell holds one while it is open. */
export interface ShellSlots {
  tryAcquire(): boolean;
  release(): void;
}

export interface CommandShellsDeps {
  /** Starts a shell as the connection acts as root. */
  start(timeoutMs: number): Promise<CommandShell>;
  slots: ShellSlots;
  max?: number;
  idleMs?: number;
}

/** The shells of one connection. */
export class CommandShells {
  private readonly open = new Set<CommandShell>();
  private readonly idle: CommandShell[] = [];
  private starting = 0;
  private readonly waiting: Array<() => void> = [];
  /** Set when a shell could not start for a reason of the host's (not a busy sshd): exec from then on. */
  private unsupported = false;
  private lostWith: SshError | undefined;

  constructor(private readonly deps: CommandShellsDeps) {}

  get size(): number {
    return this.open.size;
  }

  /**
   * Runs `command` in a shell; resolves undefined when no shell can be had (the caller
   * runs it on exec instead).
   */
  async run(command: string, options: RunOptions): Promise<ExecResult | undefined> {
    const deadline = Date.now() + options.timeoutMs;
    const shell = await this.take(deadline, options);
    if (!shell) return undefined;
    try {
      return await shell.run(command, { ...options, timeoutMs: Math.max(1, deadline - Date.now()) });
    } finally {
      this.giveBack(shell);
    }
  }

  /** Closes an idle shell to free its exec slot; false when none is idle. */
  reclaimIdle(): boolean {
    const shell = this.idle.shift();
    if (!shell) return false;
    shell.destroy();
    return true;
  }

  /** The connection is gone: every command under way fails with `reason`. */
  dispose(reason: SshError): void {
    this.lostWith = reason;
    for (const shell of [...this.open]) shell.destroy(reason);
    for (const wake of this.waiting.splice(0)) wake();
  }

  private async take(deadline: number, options: RunOptions): Promise<CommandShell | undefined> {
    for (;;) {
      if (this.lostWith) throw this.lostWith;
      const idle = this.idle.pop();
      if (idle) {
        clearTimeout(idle.idleTimer);
        return idle;
      }
      if (this.unsupported) return undefined;
      const max = this.deps.max ?? MAX_COMMAND_SHELLS;
      if (this.open.size + this.starting < max && this.deps.slots.tryAcquire()) return this.startOne(deadline);
      // Every shell is busy: wait for one, unless there is none at all (no slot: exec waits for one).
      if (this.open.size + this.starting === 0) return undefined;
      await this.changed(deadline, options);
    }
  }

  private async startOne(deadline: number): Promise<CommandShell | undefined> {
    this.starting++;
    let shell: CommandShell;
    try {
      shell = await this.deps.start(Math.max(1, Math.min(SHELL_START_MS, deadline - Date.now())));
    } catch (err) {
      this.deps.slots.release();
      // A refused channel (sshd's MaxSessions) is passing; anything else is this host's way.
      if (!(err instanceof SshError)) this.unsupported = true;
      return undefined;
    } finally {
      this.starting--;
      this.wakeOne();
    }
    if (this.lostWith) {
      shell.destroy(this.lostWith);
      this.deps.slots.release();
      throw this.lostWith;
    }
    this.open.add(shell);
    shell.onClose(() => {
      this.open.delete(shell);
      const i = this.idle.indexOf(shell);
      if (i >= 0) this.idle.splice(i, 1);
      this.deps.slots.release();
      this.wakeOne();
    });
    return shell;
  }

  private giveBack(shell: CommandShell): void {
    if (shell.closed) return;
    this.idle.push(shell);
    shell.idleTimer = setTimeout(() => shell.destroy(), this.deps.idleMs ?? SHELL_IDLE_MS);
    shell.idleTimer.unref?.();
    this.wakeOne();
  }

  private wakeOne(): void {
    this.waiting.shift()?.();
  }

  /** Resolves when a shell came back or closed; rejects at the deadline. */
  private changed(deadline: number, options: RunOptions): Promise<void> {
    return new Promise((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(wake);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(options.timedOut());
      }, Math.max(0, deadline - Date.now()));
      this.waiting.push(wake);
    });
  }
}
