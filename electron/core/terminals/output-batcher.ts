// Coalesces a backend's output into about one event per frame (OUTPUT_BATCH_MS), or at
// once when a batch reaches maxBatchBytes (Hyper's 200 KB rule), so a flood crosses IPC
// or WebSocket as a few large messages instead of thousands of tiny ones. With `leading`
// (the terminals' setting), output after a quiet frame goes at once, so an echo or a
// command's first line costs no frame of delay. Every emitted batch is at most
// maxBatchBytes long, which is what bounds the flow controller's overshoot. While held
// (flow control paused), nothing is emitted and output waits here; the paused backend
// keeps that small.
//
// Output stays bytes (UTF-8, as the shell wrote it): core never turns it into strings,
// and xterm decodes it itself. A batch always ends on a character boundary: the bytes of
// a character split across two chunks wait for the rest, so every batch decodes on its
// own (for in-process readers) and a dropped stream's broken last character becomes
// U+FFFD instead of merging with the next connection's bytes.
//
// A batch is the backend's chunks themselves (views, never copied here): the browser host
// sends them as WebSocket fragments of one message, so a flood's bytes are never copied
// in core at all. Only the ≤3 bytes of a split character are copied, into a tiny buffer
// of their own. Whoever needs one buffer joins the parts (joinParts: Electron's IPC).
import { OUTPUT_BATCH_MS } from '../../../common/flow-control';

/** Hyper flushes at 200 KB. */
export const OUTPUT_MAX_BATCH_BYTES = 200_000;

const REPLACEMENT = Buffer.from('\uFFFD', 'utf8');

export interface OutputBatcherOptions {
  /**
   * A batch: the chunks in order (views into the backend's buffers; hand them on, do not
   * keep them), `bytes` long in all, ending on a character boundary. Each part begins on one.
   */
  onFlush: (parts: Uint8Array[], bytes: number) => void;
  flushMs?: number;
  maxBatchBytes?: number;
  /**
   * Emit output that arrives after a quiet frame at once (an echo, a prompt, a command's
   * first line) and batch only what follows within the frame. Default false.
   */
  leading?: boolean;
}

/** How many bytes at the end of `bytes` begin a UTF-8 character that is not complete yet (0–3). */
export function incompleteUtf8Tail(bytes: Uint8Array): number {
  const n = bytes.length;
  // Walk back over at most 3 continuation bytes to the lead byte of the last character.
  for (let back = 1; back <= Math.min(4, n); back++) {
    const b = bytes[n - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    const need = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0; // invalid (4+ continuation bytes): xterm replaces it; nothing to wait for
}

/** How many bytes the UTF-8 character whose lead byte is `lead` has in all (1 for anything else). */
function utf8Length(lead: number): number {
  return lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xc2 && lead < 0xe0 ? 2 : 1;
}

/** A batch's parts in one buffer of its own (not a view into a pool or a backend's buffer: IPC clones a view's whole buffer). */
export function joinParts(parts: readonly Uint8Array[], bytes = parts.reduce((n, p) => n + p.length, 0)): Buffer {
  const joined = Buffer.allocUnsafeSlow(bytes);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}

export class OutputBatcher {
  readonly flushMs: number;
  readonly maxBatchBytes: number;
  private readonly onFlush: (parts: Uint8Array[], bytes: number) => void;
  private parts: Uint8Array[] = [];
  private size = 0;
  /** The first bytes of a character whose other bytes have not arrived yet. */
  private partial: Uint8Array = new Uint8Array(0);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly leading: boolean;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private held = false;
  private disposed = false;
  private drainWaiters: Array<() => void> = [];

  constructor(options: OutputBatcherOptions) {
    this.onFlush = options.onFlush;
    this.flushMs = options.flushMs ?? OUTPUT_BATCH_MS;
    this.maxBatchBytes = options.maxBatchBytes ?? OUTPUT_MAX_BATCH_BYTES;
    this.leading = options.leading ?? false;
    if (!(this.maxBatchBytes >= 4)) throw new RangeError('maxBatchBytes must be at least 4 (one UTF-8 character)');
  }

  /** Bytes waiting to be emitted. */
  get pendingBytes(): number {
    return this.size;
  }

  get isHeld(): boolean {
    return this.held;
  }

  /**
   * Adds output: bytes that may end in the middle of a UTF-8 character, or text of our
   * own (a notice; text goes before a character still waiting for its last bytes).
   */
  push(chunk: string | Uint8Array): void {
    if (this.disposed) return;
    if (typeof chunk === 'string') {
      this.add(Buffer.from(chunk, 'utf8'));
      return;
    }
    if (chunk.length === 0) return;
    let bytes = chunk;
    if (this.partial.length > 0) {
      // Complete the waiting character from the chunk's first bytes (a tiny copy), not by
      // joining the whole chunk to it.
      const need = utf8Length(this.partial[0]!) - this.partial.length;
      let k = 0;
      while (k < need && k < bytes.length && (bytes[k]! & 0xc0) === 0x80) k++;
      const joined = new Uint8Array(this.partial.length + k);
      joined.set(this.partial);
      joined.set(bytes.subarray(0, k), this.partial.length);
      bytes = bytes.subarray(k);
      this.partial = new Uint8Array(0);
      if (k < need && bytes.length === 0) {
        this.partial = joined; // still not whole: wait for more
        return;
      }
      this.add(joined); // whole, or broken (xterm shows U+FFFD)
    }
    const tail = incompleteUtf8Tail(bytes);
    if (tail > 0) {
      this.partial = new Uint8Array(bytes.subarray(bytes.length - tail)); // a copy: the chunk is not kept for it
      bytes = bytes.subarray(0, bytes.length - tail);
    }
    this.add(bytes);
  }

  /**
   * The stream ended (exit or dropped link): an incomplete trailing character becomes
   * U+FFFD, so the next connection's bytes never merge with the old one's.
   */
  endStream(): void {
    if (this.disposed || this.partial.length === 0) return;
    this.partial = new Uint8Array(0);
    this.add(REPLACEMENT);
  }

  /** Emits everything pending now, in slices of at most maxBatchBytes, unless held. */
  flush(): void {
    this.clearTimer();
    while (!this.held && !this.disposed && this.size > 0) {
      this.lastFlushAt = Date.now();
      const [parts, bytes] = this.take();
      this.onFlush(parts, bytes);
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
    this.partial = new Uint8Array(0);
    this.drainWaiters = [];
  }

  private add(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.parts.push(bytes);
    this.size += bytes.length;
    this.afterAdd();
  }

  private afterAdd(): void {
    if (this.held || this.disposed || this.size === 0) return;
    if (this.size >= this.maxBatchBytes) return this.flush();
    if (this.timer !== undefined) return;
    // Clamped: a clock stepped back must not hold output for longer than a frame.
    const wait = this.leading ? Math.min(this.flushMs, this.lastFlushAt + this.flushMs - Date.now()) : this.flushMs;
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => { this.timer = undefined; this.flush(); }, wait);
  }

  /**
   * Removes and returns the next batch and its length: everything, or maxBatchBytes cut
   * back to a character boundary (views; nothing is copied).
   */
  private take(): [Uint8Array[], number] {
    if (this.size <= this.maxBatchBytes) {
      const all: [Uint8Array[], number] = [this.parts, this.size];
      this.parts = [];
      this.size = 0;
      return all;
    }
    const batch: Uint8Array[] = [];
    let filled = 0;
    for (;;) {
      const part = this.parts[0]!;
      const room = this.maxBatchBytes - filled;
      if (part.length <= room) {
        batch.push(part);
        filled += part.length;
        this.parts.shift();
        continue;
      }
      // Cut inside this part, back to a character boundary (a part begins on one).
      const cut = room - incompleteUtf8Tail(part.subarray(0, room));
      if (cut > 0) batch.push(part.subarray(0, cut));
      filled += cut;
      this.parts[0] = part.subarray(cut);
      break;
    }
    this.size -= filled;
    return [batch, filled];
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
