// The backoff on its own, on fake timers: delays, the single pending retry, reset.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReconnectBackoff } from './reconnect-backoff';

describe('reconnect backoff', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('counts attempts and doubles the delay up to the ceiling', () => {
    const backoff = new ReconnectBackoff(undefined, () => 0);
    const delays = Array.from({ length: 7 }, () => backoff.next());
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000].map((delayMs, i) => ({ attempt: i + 1, delayMs })));
    expect(backoff.attempt).toBe(7);
  });

  it('takes the policy and the random source it is given', () => {
    const backoff = new ReconnectBackoff({ initialDelayMs: 100, maxDelayMs: 250, jitter: 0.5 }, () => 1);
    expect([backoff.next().delayMs, backoff.next().delayMs, backoff.next().delayMs]).toEqual([50, 100, 125]);
  });

  it('retries once the delay has passed, not a moment before', () => {
    const backoff = new ReconnectBackoff(undefined, () => 0);
    const retry = vi.fn();
    const { delayMs } = backoff.next();
    backoff.wait(delayMs, retry);
    expect(backoff.waiting).toBe(true);
    vi.advanceTimersByTime(delayMs - 1);
    expect(retry).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(retry).toHaveBeenCalledTimes(1);
    expect(backoff.waiting).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps at most one pending retry: cancel, next and wait drop the one before', () => {
    const backoff = new ReconnectBackoff(undefined, () => 0);
    const first = vi.fn();
    const second = vi.fn();
    backoff.wait(1000, first);
    backoff.wait(1000, second);
    expect(vi.getTimerCount()).toBe(1);
    backoff.next();
    expect(backoff.waiting).toBe(false);
    backoff.wait(1000, second);
    backoff.cancel();
    vi.advanceTimersByTime(60_000);
    expect(first).not.toHaveBeenCalled();
    expect(second).not.toHaveBeenCalled();
  });

  it('starts again at the first delay after a reset', () => {
    const backoff = new ReconnectBackoff(undefined, () => 0);
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.attempt).toBe(0);
    expect(backoff.next()).toEqual({ attempt: 1, delayMs: 1000 });
  });
});
