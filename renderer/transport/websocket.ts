// The browser host's transport: one WebSocket to the page's own origin. The page signed in
// once with the one-use ?token=… and holds an HttpOnly session cookie, which every socket
// handshake carries, so no secret is ever in script-visible storage.
//
// When the socket closes (the host restarted, the computer slept, the host closed a socket
// that fell too far behind) calls in flight fail, new calls fail at once, and the transport
// reconnects with backoff (reconnectDelay), reporting through connection-store.ts; events
// flow again to the same sink once it is back.
//
// Terminal output comes as binary frames (common/terminal-frames.ts) and becomes the same
// `terminal:data` event Electron's IPC delivers: its bytes as a view into the frame.
import type { EventName, OperationName } from '../../common/api';
import { decodeTerminalFrame } from '../../common/terminal-frames';
import type { Envelope } from '../../common/rpc';
import type { Transport } from '../../common/client';
import { useConnectionStore } from './connection-store';

type ServerMessage =
  | { type: 'result'; id: number; envelope: Envelope }
  | { type: 'event'; name: EventName; payload: unknown };

export const RECONNECT = { firstMs: 500, maxMs: 10_000 };

/** Delay before attempt n (1-based): doubling from firstMs up to maxMs, with up to 25 % jitter. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(RECONNECT.maxMs, RECONNECT.firstMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (1 + 0.25 * random()));
}

const closedError = (message: string): Envelope => ({ ok: false, error: { code: 'INTERNAL', message } });

/** Resolves once the first socket is open; rejects if it cannot open at all (the page shows why). */
export function connectWebSocket(url: string, openSocket: (url: string) => WebSocket = (u) => new WebSocket(u)): Promise<Transport> {
  const pending = new Map<number, (e: Envelope) => void>();
  let nextId = 1;
  let sink: (name: EventName, payload: unknown) => void = () => {};
  let socket: WebSocket;
  const connection = useConnectionStore;

  const transport: Transport = {
    call(name: OperationName, args: unknown[]) {
      return new Promise<Envelope>((done) => {
        if (socket.readyState !== socket.OPEN) {
          done(closedError('the connection to the app is down; reconnecting…'));
          return;
        }
        const id = nextId++;
        pending.set(id, done);
        socket.send(JSON.stringify({ type: 'call', id, name, args }));
      });
    },
    onEvent(s) {
      sink = s;
    },
  };

  function attach(ws: WebSocket, onFirstOpen?: { resolve: (t: Transport) => void; reject: (e: Error) => void }): void {
    socket = ws;
    ws.binaryType = 'arraybuffer';
    let opened = false;
    ws.onmessage = (ev) => {
      if (ev.data instanceof ArrayBuffer) {
        const event = decodeTerminalFrame(new Uint8Array(ev.data));
        if (event) sink('terminal:data', event);
        return;
      }
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(ev.data)) as ServerMessage;
      } catch {
        return;
      }
      if (msg.type === 'result') {
        pending.get(msg.id)?.(msg.envelope);
        pending.delete(msg.id);
      } else if (msg.type === 'event') sink(msg.name, msg.payload);
    };
    ws.onopen = () => {
      opened = true;
      if (onFirstOpen) {
        onFirstOpen.resolve(transport);
        return;
      }
      connection.setState((s) => ({ status: 'connected', attempt: 0, retryAt: undefined, detail: undefined, reconnects: s.reconnects + 1 }));
    };
    ws.onclose = (ev) => {
      for (const done of pending.values()) done(closedError('the connection to the app was closed'));
      pending.clear();
      if (onFirstOpen && !opened) {
        onFirstOpen.reject(new Error(`could not connect to ${url}`));
        return;
      }
      const attempt = connection.getState().attempt + 1;
      const delay = reconnectDelay(attempt);
      connection.setState({ status: 'reconnecting', attempt, retryAt: Date.now() + delay, detail: ev.reason || (opened ? 'the connection was closed' : 'the app is not answering') });
      setTimeout(() => attach(openSocket(url)), delay);
    };
  }

  return new Promise((resolve, reject) => attach(openSocket(url), { resolve, reject }));
}
