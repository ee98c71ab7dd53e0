// Coalesces a backend's output into about one event per frame (OUTPUT_BATCH_MS), or at
// once when a batch reaches maxBatchChars (Hyper's 200 KB rule), so a flood crosses IPC
// or WebSocket as a few large messages instead of thousands of tiny ones. With `leading`
// (the terminals' setting), output after a quiet frame goes at once, so an echo or a
// command's first line costs no frame of delay. Every emitted
// batch is at most maxBatchChars long, which is what bounds the flow controller's
// overshoot. Byte chunks are decoded with a StringDecoder so a UTF-8 character split
// across two chunks arrives whole. While held (flow control paused), nothing is emitted
// and output waits here; the paused backend keeps that small.
import { StringDecoder } from 'node:string_decoder';
import { OUTPUT_BATCH_MS } from '../../../common/flow-control';

/** Hyper flushes at 200 KB; we count chars (UTF-16 units, as the acks do). */
export const OUTPUT_MAX_BATCH_CHARS = 200_000;

export interface OutputBatcherOptions {
  onFlush: (data: string) => void;
  flushMs?: number;
  maxBatchChars?: number;
  /**
   * Emit output that arrives after a quiet frame at once (an echo, a prompt, a command's
   * first line) and batch only what follows within the frame. Default false.
   */
  leading?: boolean;
}

export class OutputBatcher {
  readonly flushMs: number;
  readonly maxBatchChars: number;
  private readonly onFlush: (data: string) => void;
  private decoder = new StringDecoder('utf8');
  private parts: string[] = [];
  private size = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly leading: boolean;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private held = false;
  private disposed = false;
  private drainWaiters: Array<() => void> = [];

  constructor(options: OutputBatcherOptions) {
    this.onFlush = options.onFlush;
    this.flushMs = options.flushMs ?? OUTPUT_BATCH_MS;
    this.maxBatchChars = options.maxBatchChars ?? OUTPUT_MAX_BATCH_CHARS;
    this.leading = options.leading ?? false;
    if (!(this.maxBatchChars >= 2)) throw new RangeError('maxBatchChars must be at least 2');
  }

  /** Chars waiting to be emitted. */
  get pendingChars(): number {
    return this.size;
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** Adds output: a string, or bytes that may end in the middle of a UTF-8 character. */
  push(chunk: string | Uint8Array): void {
    if (this.disposed) return;
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    this.add(text);
  }

  /**
   * The stream ended (exit or dropped link): an incomplete trailing character becomes
   * U+FFFD and the decoder starts afresh, so the next connection's bytes never merge
   * with the old one's.
   */
  endStream(): void {
    if (this.disposed) return;
    const rest = this.decoder.end();
    this.decoder = new StringDecoder('utf8');
    this.add(rest);
  }

  /** Emits everything pending now, in slices of at most maxBatchChars, unless held. */
  flush(): void {
    this.clearTimer();
    while (!this.held && !this.disposed && this.size > 0) {
      this.lastFlushAt = Date.now();
      this.onFlush(this.take());
    }
    if (this.size === 0) this.notifyDrained();
  }

  /** Stops emitting (flow control paused); output keeps accumulating. */
  hold(): void {
    this.held = true;
    this.clearTimer();
  }

  /**
   * Emits again. What accumulated goes out at once: it has waited long enough, and a
   * frame's delay after every resume would cap a flood's throughput.
   */
  release(): void {
    if (!this.held) return;
    this.held = false;
    this.flush();
  }

  /** Calls back once nothing is pending (at once if nothing is). */
  whenDrained(callback: () => void): void {
    if (this.size === 0) callback();
    else this.drainWaiters.push(callback);
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
    this.parts = [];
    this.size = 0;
    this.drainWaiters = [];
  }

  private add(text: string): void {
    if (text.length === 0) return;
    this.parts.push(text);
    this.size += text.length;
    this.afterAdd();
  }

  private afterAdd(): void {
    if (this.held || this.disposed || this.size === 0) return;
    if (this.size >= this.maxBatchChars) return this.flush();
    if (this.timer !== undefined) return;
    // Clamped: a clock stepped back must not hold output for longer than a frame.
    const wait = this.leading ? Math.min(this.flushMs, this.lastFlushAt + this.flushMs - Date.now()) : this.flushMs;
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => { this.timer = undefined; this.flush(); }, wait);
  }

  /** Removes and returns the next batch: everything, or maxBatchChars without splitting a surrogate pair. */
  private take(): string {
    const all = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    if (all.length <= this.maxBatchChars) {
      this.parts = [];
      this.size = 0;
      return all;
    }
    let cut = this.maxBatchChars;
    const last = all.charCodeAt(cut - 1);
    if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
    const rest = all.slice(cut);
    this.parts = [rest];
    this.size = rest.length;
    return all.slice(0, cut);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private notifyDrained(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const waiter of waiters) waiter();
  }
}
