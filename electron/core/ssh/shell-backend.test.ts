import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { ClientChannel } from 'ssh2';
import { SshShellBackend } from './shell-backend';

class FakeChannel extends PassThrough {
  stderr = new EventEmitter();
  written: string[] = [];
  windows: number[][] = [];
  wasClosed = false;
  constructor() {
    super();
    this.on('finish', () => {});
  }
  override write(data: unknown): boolean {
    this.written.push(String(data));
    return true;
  }
  setWindow(rows: number, cols: number, h: number, w: number) {
    this.windows.push([rows, cols, h, w]);
  }
  close() {
    this.wasClosed = true;
    this.emit('close');
  }
}

const make = () => {
  const channel = new FakeChannel();
  const finished = vi.fn();
  const backend = new SshShellBackend(channel as unknown as ClientChannel, finished);
  return { channel, backend, finished };
};

describe('SshShellBackend', () => {
  it('keeps output that arrives before the first listener, passes stdout on as its bytes, and decodes stderr on its own', () => {
    const { channel, backend } = make();
    const euro = Buffer.from('€');
    const hello = Buffer.from('hello ');
    channel.emit('data', hello);
    channel.emit('data', euro.subarray(0, 1));
    const got: Array<Uint8Array | string> = [];
    backend.onData((d) => got.push(d));
    channel.emit('data', euro.subarray(1));
    // stderr's half character waits in its own decoder: it never mixes with stdout's bytes.
    channel.stderr.emit('data', Buffer.from('€').subarray(0, 2));
    channel.stderr.emit('data', Buffer.concat([Buffer.from('€').subarray(2), Buffer.from('!')]));
    expect(got[0]).toBe(hello); // the channel's own buffer: no copy, no decoding
    expect(got.map((d) => (typeof d === 'string' ? d : Buffer.from(d).toString('latin1')))).toEqual(['hello ', '\xe2', '\x82\xac', '€!']);
  });

  it('writes, resizes (rows, cols order for ssh2) and pauses/resumes the channel', () => {
    const { channel, backend } = make();
    backend.write('ls\r');
    backend.resize(120, 40);
    backend.pause();
    expect(channel.isPaused()).toBe(true);
    expect(backend.isPaused).toBe(true);
    backend.resume();
    expect(channel.isPaused()).toBe(false);
    expect(channel.written).toEqual(['ls\r']);
    expect(channel.windows).toEqual([[40, 120, 0, 0]]);
  });

  it('reports the exit code once, even to a late listener', async () => {
    const { channel, backend, finished } = make();
    const first = vi.fn();
    backend.onExit(first);
    channel.emit('exit', 3);
    channel.emit('close');
    expect(first).toHaveBeenCalledWith(3, undefined);
    expect(finished).toHaveBeenCalledTimes(1);
    const late = await new Promise<unknown[]>((resolve) => backend.onExit((...args) => resolve(args)));
    expect(late).toEqual([3, undefined]);
  });

  it('reports a lost connection as onExit(null, reason), not later channel closes', async () => {
    const { channel, backend } = make();
    const exit = vi.fn();
    backend.onExit(exit);
    backend.connectionLost('Connection lost: gone');
    channel.emit('close');
    await new Promise((r) => setImmediate(r));
    expect(exit).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(null, 'Connection lost: gone');
    backend.write('ignored');
    expect(channel.written).toEqual([]);
  });

  it('closing from our side ends without a reason', async () => {
    const { channel, backend } = make();
    const exit = vi.fn();
    backend.onExit(exit);
    backend.close();
    await new Promise((r) => setImmediate(r));
    expect(channel.wasClosed).toBe(true);
    expect(exit).toHaveBeenCalledWith(null, undefined);
  });
});
