// The browser transport's reconnect: a socket that closes fails its calls, the transport
// says it is reconnecting, tries again with backoff, and events flow to the same sink once
// it is back. The WebSocket is a stand-in (no browser here); the timers are fake.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeTerminalFrame } from '../../common/terminal-frames';
import { useConnectionStore } from './connection-store';
import { RECONNECT, connectWebSocket, reconnectDelay } from './websocket';

class FakeSocket {
  readonly OPEN = 1;
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onclose: ((ev: { reason: string }) => void) | null = null;
  onmessage: ((ev: { data: string | ArrayBuffer }) => void) | null = null;
  binaryType = 'blob';
  onerror: (() => void) | null = null;
  send(data: string) {
    this.sent.push(data);
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  drop(reason = '') {
    this.readyState = 3;
    this.onclose?.({ reason });
  }
  message(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  binary(frame: Uint8Array) {
    this.onmessage?.({ data: frame.slice().buffer });
  }
}

let sockets: FakeSocket[];
const factory = () => {
  const s = new FakeSocket();
  sockets.push(s);
  return s as unknown as WebSocket;
};

beforeEach(() => {
  sockets = [];
  vi.useFakeTimers();
  vi.spyOn(Math, 'random').mockReturnValue(0);
  useConnectionStore.setState({ status: 'connected', attempt: 0, retryAt: undefined, detail: undefined, reconnects: 0 });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('WebSocket transport', () => {
  it('backs off 0.5, 1, 2, 4, 8, 10, 10 s (plus up to a quarter of jitter)', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => reconnectDelay(n, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(reconnectDelay(6, () => 1)).toBe(RECONNECT.maxMs * 1.25);
  });

  it('fails calls in flight when the socket closes, reconnects with backoff, and carries on with the same event sink', async () => {
    const connecting = connectWebSocket('ws://127.0.0.1:1/ws', factory);
    sockets[0]!.open();
    const transport = await connecting;
    const events: string[] = [];
    transport.onEvent((name) => events.push(name));

    const first = transport.call('listTerminals', []);
    expect(JSON.parse(sockets[0]!.sent[0]!)).toMatchObject({ type: 'call', name: 'listTerminals', args: [] });
    sockets[0]!.message({ type: 'result', id: 1, envelope: { ok: true, result: [] } });
    expect(await first).toEqual({ ok: true, result: [] });

    const inFlight = transport.call('getCourse', []);
    sockets[0]!.drop('too slow: 32 MB of answers and events unread');
    expect(await inFlight).toMatchObject({ ok: false, error: { message: 'the connection to the app was closed' } });
    expect(useConnectionStore.getState()).toMatchObject({ status: 'reconnecting', attempt: 1, detail: 'too slow: 32 MB of answers and events unread' });
    // While it is down, calls fail at once instead of waiting.
    expect(await transport.call('getProgress', [])).toMatchObject({ ok: false, error: { message: expect.stringContaining('reconnecting') } });

    // First retry after 0.5 s: the host is not back yet.
    await vi.advanceTimersByTimeAsync(499);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(2);
    sockets[1]!.drop();
    expect(useConnectionStore.getState()).toMatchObject({ status: 'reconnecting', attempt: 2, detail: 'the app is not answering' });
    // Then after 1 s: it is.
    await vi.advanceTimersByTimeAsync(1000);
    expect(sockets).toHaveLength(3);
    sockets[2]!.open();
    expect(useConnectionStore.getState()).toMatchObject({ status: 'connected', attempt: 0, reconnects: 1 });
    sockets[2]!.message({ type: 'event', name: 'notice', payload: { level: 'info', message: 'hi' } });
    expect(events).toEqual(['notice']);
    const again = transport.call('listTerminals', []);
    const { id } = JSON.parse(sockets[2]!.sent[0]!) as { id: number };
    sockets[2]!.message({ type: 'result', id, envelope: { ok: true, result: [] } });
    expect(await again).toEqual({ ok: true, result: [] });
  });

  it('rejects when the very first socket cannot open (the page says why)', async () => {
    const connecting = connectWebSocket('ws://127.0.0.1:1/ws', factory);
    sockets[0]!.drop();
    await expect(connecting).rejects.toThrow('could not connect to ws://127.0.0.1:1/ws');
    expect(useConnectionStore.getState().status).toBe('connected');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('turns binary frames into terminal:data events with the output bytes, JSON events alongside', async () => {
    const connecting = connectWebSocket('ws://127.0.0.1:1/ws', factory);
    sockets[0]!.open();
    const transport = await connecting;
    expect(sockets[0]!.binaryType).toBe('arraybuffer');
    const events: Array<[string, unknown]> = [];
    transport.onEvent((name, payload) => events.push([name, payload]));
    const output = new TextEncoder().encode('café\r\n');
    sockets[0]!.binary(encodeTerminalFrame('t1', output));
    sockets[0]!.message({ type: 'event', name: 'terminal:exit', payload: { terminalId: 't1', code: 0 } });
    sockets[0]!.binary(Uint8Array.of(9, 9, 9)); // not a frame of ours: ignored
    expect(events).toEqual([
      ['terminal:data', { terminalId: 't1', data: output }],
      ['terminal:exit', { terminalId: 't1', code: 0 }],
    ]);
  });
});
