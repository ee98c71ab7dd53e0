import { describe, expect, it } from 'vitest';
import { canReconnect, dataState, retryDeadline, stateLabel } from './terminal-labels';

describe('terminal state labels', () => {
  it('names each state', () => {
    expect(stateLabel('idle', undefined, 0)).toBe('not started');
    expect(stateLabel('opening', undefined, 0)).toBe('connecting');
    expect(stateLabel('connecting', undefined, 0)).toBe('connecting');
    expect(stateLabel('connected', undefined, 0)).toBe('connected');
    expect(stateLabel('disconnected', undefined, 0)).toBe('disconnected');
    expect(stateLabel('closed', undefined, 0)).toBe('closed');
    expect(stateLabel('reconnecting', undefined, 0)).toBe('reconnecting…');
  });

  it('counts down to the next reconnect attempt', () => {
    const at = retryDeadline('retrying in 4 s (attempt 3)', 10_000);
    expect(at).toBe(14_000);
    expect(stateLabel('reconnecting', at, 10_000)).toBe('reconnecting in 4 s');
    expect(stateLabel('reconnecting', at, 11_200)).toBe('reconnecting in 3 s');
    expect(stateLabel('reconnecting', at, 14_000)).toBe('reconnecting…');
    expect(retryDeadline('connecting to master (attempt 2)…', 0)).toBeUndefined();
    expect(retryDeadline(undefined, 0)).toBeUndefined();
  });

  it('maps phases to data-state and the Reconnect button', () => {
    expect(dataState('opening')).toBe('connecting');
    expect(dataState('reconnecting')).toBe('reconnecting');
    expect(canReconnect('disconnected')).toBe(true);
    expect(canReconnect('closed')).toBe(true);
    expect(canReconnect('connected')).toBe(false);
    expect(canReconnect('reconnecting')).toBe(false);
  });
});
