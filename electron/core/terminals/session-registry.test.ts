// The registry's lookups, with plain objects standing in for sessions.
import { describe, expect, it } from 'vitest';
import type { TerminalState } from '../../../common/api';
import { ApiError } from '../../../common/errors';
import { SessionRegistry, type RegisteredSession } from './session-registry';

function session(id: string, target: string, state: TerminalState): RegisteredSession {
  return { id, target, state, info: () => ({ terminalId: id, target, state }) };
}

describe('session registry', () => {
  it('finds a session by id and answers NOT_FOUND for any other', () => {
    const registry = new SessionRegistry<RegisteredSession>();
    const a = session('a', 'kube-worker', 'connected');
    registry.add(a);
    expect(registry.get('a')).toBe(a);
    expect(() => registry.get('b')).toThrow(ApiError);
    expect(() => registry.get('b')).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: 'no terminal b' }));
    registry.delete('a');
    expect(() => registry.get('a')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(registry.all()).toEqual([]);
  });

  it('lists sessions in the order they were opened', () => {
    const registry = new SessionRegistry<RegisteredSession>();
    registry.add(session('a', 'kube-worker', 'connected'));
    registry.add(session('b', 'local', 'reconnecting'));
    expect(registry.list()).toEqual([
      { terminalId: 'a', target: 'kube-worker', state: 'connected' },
      { terminalId: 'b', target: 'local', state: 'reconnecting' },
    ]);
  });

  it("picks a target's newest session that is not closed", () => {
    const registry = new SessionRegistry<RegisteredSession>();
    expect(registry.newestLive('kube-worker')).toBeUndefined();
    registry.add(session('old', 'kube-worker', 'disconnected'));
    registry.add(session('new', 'kube-worker', 'connecting'));
    registry.add(session('done', 'kube-worker', 'closed'));
    registry.add(session('other', 'kube-master', 'connected'));
    expect(registry.newestLive('kube-worker')?.id).toBe('new');
    registry.delete('new');
    expect(registry.newestLive('kube-worker')?.id).toBe('old');
  });
});
