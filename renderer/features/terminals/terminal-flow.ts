// Renderer side of terminal flow control (VS Code's scheme): acknowledge output only
// after xterm has processed it, in chunks of FLOW_ACK_BYTES, and hold output that
// arrives before its terminal is known in a bounded queue. Output is counted in bytes
// (UTF-8, as core sends it). Pure: no DOM, no timers.
import { FLOW_ACK_BYTES } from '../../../common/flow-control';

/** Counts bytes xterm has finished writing and says when to acknowledge them. */
export class AckCounter {
  private pending = 0;

  constructor(private readonly chunk: number = FLOW_ACK_BYTES) {
    if (!(chunk > 0)) throw new RangeError('the ack chunk must be positive');
  }

  /** Records bytes xterm has processed; returns the bytes to acknowledge now (0 or whole chunks). */
  written(bytes: number): number {
    if (!(bytes > 0)) return 0;
    this.pending += bytes;
    if (this.pending < this.chunk) return 0;
    const ack = Math.floor(this.pending / this.chunk) * this.chunk;
    this.pending -= ack;
    return ack;
  }

  /** Bytes processed but not yet acknowledged (always below one chunk). */
  get unacknowledged(): number {
    return this.pending;
  }

  /** Forgets the remainder (a new stream starts, e.g. after the terminal was reopened). */
  reset(): void {
    this.pending = 0;
  }
}

export const PRE_OPEN_MAX_BYTES = 1_000_000;
export const PRE_OPEN_MAX_TERMINALS = 16;

/**
 * Output for terminal ids the renderer does not know yet (openTerminal has not answered,
 * or no xterm exists for it). Bounded per id and in the number of ids; the oldest output
 * goes first. `push` returns the bytes it dropped so the caller can still acknowledge
 * them (the backend would otherwise stay paused forever).
 */
export class PreOpenQueue {
  private readonly queues = new Map<string, { chunks: Uint8Array[]; bytes: number }>();

  constructor(
    private readonly maxBytes: number = PRE_OPEN_MAX_BYTES,
    private readonly maxTerminals: number = PRE_OPEN_MAX_TERMINALS,
  ) {}

  push(terminalId: string, data: Uint8Array): number {
    if (data.length === 0) return 0;
    let dropped = 0;
    let queue = this.queues.get(terminalId);
    if (!queue) {
      while (this.queues.size >= this.maxTerminals) {
        const oldest = this.queues.keys().next().value as string;
        dropped += this.queues.get(oldest)?.bytes ?? 0;
        this.queues.delete(oldest);
      }
      queue = { chunks: [], bytes: 0 };
      this.queues.set(terminalId, queue);
    }
    // (Cutting output in a character leaves xterm one broken character: it was dropped anyway.)
    if (data.length > this.maxBytes) {
      dropped += data.length - this.maxBytes;
      data = data.subarray(data.length - this.maxBytes);
    }
    queue.chunks.push(data);
    queue.bytes += data.length;
    while (queue.bytes > this.maxBytes) {
      const first = queue.chunks[0]!;
      const excess = queue.bytes - this.maxBytes;
      if (first.length <= excess) {
        queue.chunks.shift();
        queue.bytes -= first.length;
        dropped += first.length;
      } else {
        queue.chunks[0] = first.subarray(excess);
        queue.bytes -= excess;
        dropped += excess;
      }
    }
    return dropped;
  }

  /** Removes and returns the queued output of one terminal, oldest first. */
  take(terminalId: string): Uint8Array[] {
    const queue = this.queues.get(terminalId);
    this.queues.delete(terminalId);
    return queue?.chunks ?? [];
  }

  /** Forgets a terminal's output; returns how many bytes were dropped. */
  discard(terminalId: string): number {
    const bytes = this.queues.get(terminalId)?.bytes ?? 0;
    this.queues.delete(terminalId);
    return bytes;
  }

  bytesFor(terminalId: string): number {
    return this.queues.get(terminalId)?.bytes ?? 0;
  }

  get terminalCount(): number {
    return this.queues.size;
  }
}

/**
 * Views of at most `size` bytes each (no copies), for writing output to xterm in slices.
 * A cut may fall inside a character: xterm's UTF-8 decoder carries it to the next write.
 */
export function slices(data: Uint8Array, size: number): Uint8Array[] {
  if (!(size > 0)) throw new RangeError('the slice size must be positive');
  if (data.length <= size) return [data];
  const out: Uint8Array[] = [];
  for (let at = 0; at < data.length; at += size) out.push(data.subarray(at, at + size));
  return out;
}
