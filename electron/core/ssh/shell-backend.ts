// An SSH login shell channel as a TerminalBackend. pause()/resume() pause the channel's
// readable side: ssh2 then stops sending WINDOW_ADJUST, so the remote sshd stops sending
// once the SSH window is used up (backpressure reaches the VM). Output goes on as the
// channel's bytes (the batcher keeps characters whole); stderr, which a pty does not use,
// is decoded on its own so its bytes never mix with a character split on stdout. Data and
// an exit that arrive before a listener is attached are kept and delivered to the first
// listener.
import { StringDecoder } from 'node:string_decoder';
import type { ClientChannel } from 'ssh2';
import type { TerminalBackend } from '../terminals/backend';

type DataListener = (data: Uint8Array | string) => void;
type ExitListener = (code: number | null, reason?: string) => void;

export class SshShellBackend implements TerminalBackend {
  private readonly dataListeners: DataListener[] = [];
  private readonly exitListeners: ExitListener[] = [];
  private pending: Array<Uint8Array | string> = [];
  private exit: { code: number | null; reason?: string } | undefined;
  private exitCode: number | null | undefined;
  private exitSignal: string | undefined;
  private paused = false;
  private closing = false;

  constructor(
    private readonly channel: ClientChannel,
    private readonly onFinished: () => void,
  ) {
    const err = new StringDecoder('utf8');
    channel.on('data', (chunk: Buffer) => this.emitData(chunk));
    channel.stderr.on('data', (chunk: Buffer) => this.emitData(err.write(chunk)));
    channel.on('exit', (code: number | null, signal?: string) => {
      this.exitCode = typeof code === 'number' ? code : null;
      this.exitSignal = signal;
    });
    channel.on('error', () => {
      // surfaced through 'close' (and the connection's own close reason)
    });
    channel.on('close', () => {
      const rest = err.end();
      if (rest) this.emitData(rest);
      if (this.exitCode !== undefined) {
        this.finish(this.exitCode, this.exitSignal ? `The shell was ended by signal ${this.exitSignal}.` : undefined);
      } else {
        // No exit status: usually the connection went away; the connection reports that
        // first (connectionLost). Otherwise the server simply closed the channel.
        setImmediate(() => this.finish(null, this.closing ? undefined : 'The remote side closed the shell.'));
      }
    });
  }

  write(data: string): void {
    if (this.exit) return;
    this.channel.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.exit) return;
    this.channel.setWindow(rows, cols, 0, 0);
  }

  pause(): void {
    this.paused = true;
    this.channel.pause();
  }

  resume(): void {
    this.paused = false;
    this.channel.resume();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  onData(listener: DataListener): void {
    this.dataListeners.push(listener);
    const queued = this.pending;
    this.pending = [];
    for (const data of queued) listener(data);
  }

  onExit(listener: ExitListener): void {
    if (this.exit) {
      const { code, reason } = this.exit;
      queueMicrotask(() => listener(code, reason));
      return;
    }
    this.exitListeners.push(listener);
  }

  close(): void {
    if (this.exit) return;
    this.closing = true;
    this.channel.close();
  }

  /** Called by the connection when the link drops: onExit(null, reason). */
  connectionLost(reason: string): void {
    this.finish(null, reason);
  }

  private emitData(data: Uint8Array | string): void {
    if (data.length === 0) return;
    if (this.dataListeners.length === 0) {
      this.pending.push(data);
      return;
    }
    for (const listener of this.dataListeners) listener(data);
  }

  private finish(code: number | null, reason?: string): void {
    if (this.exit) return;
    this.exit = reason === undefined ? { code } : { code, reason };
    this.onFinished();
    for (const listener of this.exitListeners) listener(code, reason);
    this.exitListeners.length = 0;
  }
}
