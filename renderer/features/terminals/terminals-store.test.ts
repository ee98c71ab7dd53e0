import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiClient, ApiEvents, EventName } from '../../../common/api';
import { ApiError } from '../../../common/errors';
import { connectStores } from '../../app/connect-stores';
import type { TerminalSessionLike } from './terminal-runtime';
import type { SessionLink } from './terminal-session';
import { useConnectionStore } from '../../transport/connection-store';
import { useTerminalsStore } from './terminals-store';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

function fakeApi() {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const opens: Array<{ target: string; d: ReturnType<typeof deferred<{ terminalId: string }>> }> = [];
  const api = {
    on: <E extends EventName>(event: E, l: (p: ApiEvents[E]) => void) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(l as (p: unknown) => void);
      return () => set.delete(l as (p: unknown) => void);
    },
    openTerminal: vi.fn((target: string) => {
      const d = deferred<{ terminalId: string }>();
      opens.push({ target, d });
      return d.promise;
    }),
    writeTerminal: vi.fn(async () => {}),
    resizeTerminal: vi.fn(async () => {}),
    ackTerminal: vi.fn(async () => {}),
    reconnectTerminal: vi.fn(async () => {}),
    listTerminals: vi.fn(async () => []),
    // The rest of the app's first loads: left unanswered, they change nothing here.
    getVariables: () => new Promise(() => {}),
    getCourse: () => new Promise(() => {}),
    getProgress: () => new Promise(() => {}),
    listHosts: () => new Promise(() => {}),
    watchNow: () => new Promise(() => {}),
  };
  const emit = <E extends EventName>(event: E, payload: ApiEvents[E]) => listeners.get(event)?.forEach((l) => l(payload));
  return { api: api as unknown as ApiClient, raw: api, emit, opens };
}

const bytes = (text: string) => new TextEncoder().encode(text);

class FakeSession implements TerminalSessionLike {
  id: string | null = null;
  written: string[] = [];
  notices: string[] = [];
  focused = 0;
  constructor(readonly target: string, readonly callbacks: SessionLink) {}
  bind(id: string) { this.id = id; }
  output(data: Uint8Array) { this.written.push(new TextDecoder().decode(data)); }
  writeNotice(text: string) { this.notices.push(text); }
  focus() { this.focused++; }
  dispose() {}
}

let disconnect: (() => void) | undefined;

/** The app's wiring over a fake client, with the terminals started as the panel starts them. */
function setup() {
  const f = fakeApi();
  const sessions = new Map<string, FakeSession>();
  disconnect = connectStores(f.api);
  useTerminalsStore.getState().runtime!.start((target, cb) => {
    const s = new FakeSession(target, cb);
    sessions.set(target, s);
    return s;
  });
  return { ...f, sessions };
}

afterEach(() => {
  disconnect?.();
  useTerminalsStore.setState({ tabs: {}, active: null, shown: [], searchTarget: null, focusRequest: 0 });
});

describe('terminals store', () => {
  it('opens a tab lazily when shown, and replays output that came before openTerminal answered', async () => {
    const { opens, emit, sessions } = setup();
    const store = useTerminalsStore.getState();
    expect(store.terminalIdFor('local')).toBeNull();
    store.focusTerminal('local');
    expect(opens.map((o) => o.target)).toEqual(['local']);
    expect(useTerminalsStore.getState().tabs.local?.phase).toBe('opening');
    expect(useTerminalsStore.getState().focusRequest).toBe(1);

    emit('terminal:state', { terminalId: 't1', target: 'local', state: 'connected' });
    emit('terminal:data', { terminalId: 't1', data: bytes('hello ') });
    emit('terminal:data', { terminalId: 't1', data: bytes('world') });
    opens[0]!.d.resolve({ terminalId: 't1' });
    await vi.waitFor(() => expect(useTerminalsStore.getState().terminalIdFor('local')).toBe('t1'));

    const session = sessions.get('local')!;
    expect(session.id).toBe('t1');
    expect(session.written).toEqual(['hello ', 'world']);
    expect(useTerminalsStore.getState().tabs.local?.phase).toBe('connected');
    emit('terminal:data', { terminalId: 't1', data: bytes('!') });
    expect(session.written.at(-1)).toBe('!');

    // Showing it again neither reopens nor duplicates.
    useTerminalsStore.getState().showTab('local');
    expect(opens).toHaveLength(1);
  });

  it('tracks reconnect countdowns and exit codes from events', async () => {
    const { opens, emit } = setup();
    useTerminalsStore.getState().showTab('master');
    opens[0]!.d.resolve({ terminalId: 'm1' });
    await vi.waitFor(() => expect(useTerminalsStore.getState().terminalIdFor('master')).toBe('m1'));
    vi.useFakeTimers({ toFake: ['Date'] }); // a still clock: the countdown is exact
    try {
      emit('terminal:state', { terminalId: 'm1', target: 'master', state: 'reconnecting', detail: 'retrying in 4 s (attempt 2)' });
      const tab = useTerminalsStore.getState().tabs.master!;
      expect(tab.phase).toBe('reconnecting');
      expect(tab.retryAt).toBe(Date.now() + 4000);
    } finally {
      vi.useRealTimers();
    }
    emit('terminal:exit', { terminalId: 'm1', code: 0 });
    emit('terminal:state', { terminalId: 'm1', target: 'master', state: 'closed', detail: 'exited with code 0' });
    expect(useTerminalsStore.getState().tabs.master).toMatchObject({ phase: 'closed', exitCode: 0, detail: 'exited with code 0' });
  });

  it('shows NOT_IMPLEMENTED in the tab and retries only on Reconnect', async () => {
    const { opens, sessions } = setup();
    useTerminalsStore.getState().showTab('local');
    opens[0]!.d.reject(new ApiError('NOT_IMPLEMENTED', 'openTerminal is not implemented yet'));
    await vi.waitFor(() => expect(useTerminalsStore.getState().tabs.local?.error).toContain('not implemented'));
    expect(useTerminalsStore.getState().tabs.local?.phase).toBe('closed');
    expect(sessions.get('local')!.notices[0]).toContain('not implemented');
    useTerminalsStore.getState().showTab('local');
    expect(opens).toHaveLength(1);
    void useTerminalsStore.getState().reconnect('local');
    await vi.waitFor(() => expect(opens).toHaveLength(2));
  });

  it('acknowledges output it has to drop, so core never stays paused', () => {
    const { emit, raw } = setup();
    emit('terminal:data', { terminalId: 'unknown', data: bytes('x'.repeat(1_200_000)) });
    expect(raw.ackTerminal).toHaveBeenCalledWith('unknown', 200_000);
  });

  it('adopts a session core opened for a tab without one', () => {
    const { emit, sessions, opens } = setup();
    emit('terminal:state', { terminalId: 'w1', target: 'worker', state: 'connecting' });
    expect(useTerminalsStore.getState().terminalIdFor('worker')).toBe('w1');
    emit('terminal:data', { terminalId: 'w1', data: bytes('ran a block') });
    expect(sessions.get('worker')!.written).toEqual(['ran a block']);
    useTerminalsStore.getState().focusTerminal('worker');
    expect(opens).toHaveLength(0);
  });

  it('reopens a tab whose session core forgot', async () => {
    const { opens, raw } = setup();
    useTerminalsStore.getState().showTab('local');
    opens[0]!.d.resolve({ terminalId: 'l1' });
    await vi.waitFor(() => expect(useTerminalsStore.getState().terminalIdFor('local')).toBe('l1'));
    raw.reconnectTerminal.mockRejectedValueOnce(new ApiError('NOT_FOUND', 'no terminal l1'));
    const done = useTerminalsStore.getState().reconnect('local');
    await vi.waitFor(() => expect(opens).toHaveLength(2));
    opens[1]!.d.resolve({ terminalId: 'l2' });
    await done;
    expect(useTerminalsStore.getState().terminalIdFor('local')).toBe('l2');
  });

  it('when the connection to core comes back: keeps the tabs whose session core still has, reopens the others', async () => {
    const { opens, raw, sessions, emit } = setup();
    useTerminalsStore.getState().showTab('local');
    useTerminalsStore.getState().showTab('master');
    opens[0]!.d.resolve({ terminalId: 'l1' });
    opens[1]!.d.resolve({ terminalId: 'm1' });
    await vi.waitFor(() => expect(useTerminalsStore.getState().terminalIdFor('master')).toBe('m1'));
    emit('terminal:state', { terminalId: 'l1', target: 'local', state: 'connected' });
    expect(useTerminalsStore.getState().tabs.local?.phase).toBe('connected');
    // The socket drops: no tab may look connected (typed keys would go to a session that may be gone).
    useConnectionStore.setState({ status: 'reconnecting' });
    expect(useTerminalsStore.getState().tabs.local?.phase).toBe('reconnecting');
    expect(useTerminalsStore.getState().tabs.master?.phase).toBe('reconnecting');
    // The browser host restarted: its old local shell is gone; the SSH session (say) is not.
    raw.listTerminals.mockResolvedValueOnce([{ terminalId: 'm1', target: 'master', state: 'connected' }] as never);
    useConnectionStore.setState((s) => ({ status: 'connected', reconnects: s.reconnects + 1 }));
    await vi.waitFor(() => expect(opens).toHaveLength(3));
    expect(opens[2]!.target).toBe('local');
    expect(sessions.get('local')!.notices).toEqual(['— the app restarted: a new shell —']);
    // The kept one acknowledges what the old connection left unread (its new viewer joins).
    expect(raw.ackTerminal).toHaveBeenCalledWith('m1', Number.MAX_SAFE_INTEGER);
    opens[2]!.d.resolve({ terminalId: 'l2' });
    await vi.waitFor(() => expect(useTerminalsStore.getState().terminalIdFor('local')).toBe('l2'));
    expect(useTerminalsStore.getState().terminalIdFor('master')).toBe('m1');
    expect(useTerminalsStore.getState().tabs.master?.phase).toBe('connected');
    expect(sessions.get('local')!.id).toBe('l2');
  });

  it('sends keys through writeTerminal with the bound id', async () => {
    const { opens, raw, sessions } = setup();
    useTerminalsStore.getState().showTab('local');
    opens[0]!.d.resolve({ terminalId: 'l1' });
    await vi.waitFor(() => expect(sessions.get('local')!.id).toBe('l1'));
    await sessions.get('local')!.callbacks.write('l1', 'ls\r');
    expect(raw.writeTerminal).toHaveBeenCalledWith('l1', 'ls\r');
    sessions.get('local')!.callbacks.note('Keys not sent: disconnected');
    expect(useTerminalsStore.getState().tabs.local?.note).toBe('Keys not sent: disconnected');
  });
});
