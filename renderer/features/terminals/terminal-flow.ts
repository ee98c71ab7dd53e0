// Renderer side of terminal flow control (VS Code's scheme): acknowledge output only
// after xterm has processed it, in chunks of FLOW_ACK_CHARS, and hold output that
// arrives before its terminal is known in a bounded queue. Pure: no DOM, no timers.
import { FLOW_ACK_CHARS } from '../../../common/flow-control';

/** Counts chars xterm has finished writing and says when to acknowledge them. */
export class AckCounter {
  private pending = 0;

  constructor(private readonly chunk: number = FLOW_ACK_CHARS) {
    if (!(chunk > 0)) throw new RangeError('the ack chunk must be positive');
  }

  /** Records chars xterm has processed; returns the chars to acknowledge now (0 or whole chunks). */
  written(chars: number): number {
    if (!(chars > 0)) return 0;
    this.pending += chars;
    if (this.pending < this.chunk) return 0;
    const ack = Math.floor(this.pending / this.chunk) * this.chunk;
    this.pending -= ack;
    return ack;
  }

  /** Chars processed but not yet acknowledged (always below one chunk). */
  get unacknowledged(): number {
    return this.pending;
  }

  /** Forgets the remainder (a new stream starts, e.g. after the terminal was reopened). */
  reset(): void {
    this.pending = 0;
  }
}

export const PRE_OPEN_MAX_CHARS = 1_000_000;
export const PRE_OPEN_MAX_TERMINALS = 16;

/**
 * Output for terminal ids the renderer does not know yet (openTerminal has not answered,
 * or no xterm exists for it). Bounded per id and in the number of ids; the oldest output
 * goes first. `push` returns the chars it dropped so the caller can still acknowledge
 * them (the backend would otherwise stay paused forever).
 */
export class PreOpenQueue {
  private readonly queues = new Map<string, { chunks: string[]; chars: number }>();

  constructor(
    private readonly maxChars: number = PRE_OPEN_MAX_CHARS,
    private readonly maxTerminals: number = PRE_OPEN_MAX_TERMINALS,
  ) {}

  push(terminalId: string, data: string): number {
    if (data.length === 0) return 0;
    let dropped = 0;
    let queue = this.queues.get(terminalId);
    if (!queue) {
      while (this.queues.size >= this.maxTerminals) {
        const oldest = this.queues.keys().next().value as string;
        dropped += this.queues.get(oldest)?.chars ?? 0;
        this.queues.delete(oldest);
      }
      queue = { chunks: [], chars: 0 };
      this.queues.set(terminalId, queue);
    }
    if (data.length > this.maxChars) {
      dropped += data.length - this.maxChars;
      data = data.slice(data.length - this.maxChars);
    }
    queue.chunks.push(data);
    queue.chars += data.length;
    while (queue.chars > this.maxChars) {
      const first = queue.chunks[0]!;
      const excess = queue.chars - this.maxChars;
      if (first.length <= excess) {
        queue.chunks.shift();
        queue.chars -= first.length;
        dropped += first.length;
      } else {
        queue.chunks[0] = first.slice(excess);
        queue.chars -= excess;
        dropped += excess;
      }
    }
    return dropped;
  }

  /** Removes and returns the queued output of one terminal, oldest first. */
  take(terminalId: string): string[] {
    const queue = this.queues.get(terminalId);
    this.queues.delete(terminalId);
    return queue?.chunks ?? [];
  }

  /** Forgets a terminal's output; returns how many chars were dropped. */
  discard(terminalId: string): number {
    const chars = this.queues.get(terminalId)?.chars ?? 0;
    this.queues.delete(terminalId);
    return chars;
  }

  charsFor(terminalId: string): number {
    return this.queues.get(terminalId)?.chars ?? 0;
  }

  get terminalCount(): number {
    return this.queues.size;
  }
}
