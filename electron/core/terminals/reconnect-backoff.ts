// When a dropped SSH terminal dials again: exponential backoff (1 s, 2 s, 4 s … 30 s) with
// jitter, so terminals that lost the same link do not all redial in the same instant.

export interface ReconnectPolicy {
  /** First delay; doubles per attempt. Default 1000 ms. */
  initialDelayMs: number;
  /** Ceiling of the delay. Default 30,000 ms. */
  maxDelayMs: number;
  /** Fraction of the delay taken off at random (0.2: 80–100 % of it). Default 0.2. */
  jitter: number;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = { initialDelayMs: 1000, maxDelayMs: 30_000, jitter: 0.2 };

/** The delay before reconnect attempt `attempt` (1-based): 1 s, 2 s, 4 s … capped, minus jitter. */
export function reconnectDelayMs(attempt: number, policy: ReconnectPolicy = DEFAULT_RECONNECT, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (1 - policy.jitter * Math.min(1, Math.max(0, random()))));
}

/**
 * One terminal's retries: the attempts since its last good connection and the one pending
 * retry timer. Counting (next) and waiting (wait) are separate steps so the caller can
 * announce the delay in between.
 */
export class ReconnectBackoff {
  private attempts = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly policy: ReconnectPolicy = DEFAULT_RECONNECT,
    private readonly random: () => number = Math.random,
  ) {}

  /** Attempts since the last good connection (0: none has failed). */
  get attempt(): number {
    return this.attempts;
  }

  /** A retry is pending. */
  get waiting(): boolean {
    return this.timer !== undefined;
  }

  /** Counts one more attempt and returns its delay; a pending retry is cancelled. */
  next(): { attempt: number; delayMs: number } {
    this.cancel();
    this.attempts += 1;
    return { attempt: this.attempts, delayMs: reconnectDelayMs(this.attempts, this.policy, this.random) };
  }

  /** Calls `retry` once `delayMs` has passed, replacing a pending retry. */
  wait(delayMs: number, retry: () => void): void {
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      retry();
    }, delayMs);
  }

  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Connected, or asked to reconnect now: the next failure starts at the first delay again. */
  reset(): void {
    this.attempts = 0;
  }
}
