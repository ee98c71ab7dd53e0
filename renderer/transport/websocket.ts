// The browser host's transport: one WebSocket to the page's own origin. The page was
// opened with ?token=…; the server set a same-site cookie from it, which the socket
// handshake carries, so the token is never put in script-visible storage.
import type { EventName, OperationName } from '../../common/api';
import type { Envelope } from '../../common/rpc';
import type { Transport } from '../../common/client';

type ServerMessage =
  | { type: 'result'; id: number; envelope: Envelope }
  | { type: 'event'; name: EventName; payload: unknown };

export function connectWebSocket(url: string): Promise<Transport> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const pending = new Map<number, (e: Envelope) => void>();
    let nextId = 1;
    let sink: (name: EventName, payload: unknown) => void = () => {};
    const failAll = (message: string) => {
      for (const done of pending.values()) done({ ok: false, error: { code: 'INTERNAL', message } });
      pending.clear();
    };
    socket.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data)) as ServerMessage;
      if (msg.type === 'result') {
        pending.get(msg.id)?.(msg.envelope);
        pending.delete(msg.id);
      } else if (msg.type === 'event') sink(msg.name, msg.payload);
    };
    socket.onclose = () => {
      failAll('the connection to the app was closed');
      sink('notice', { level: 'error', message: 'Lost the connection to the app. Restart `npm run serve` and reload this page.' });
    };
    socket.onerror = () => reject(new Error(`could not connect to ${url}`));
    socket.onopen = () =>
      resolve({
        call(name: OperationName, args: unknown[]) {
          const id = nextId++;
          return new Promise<Envelope>((done) => {
            if (socket.readyState !== WebSocket.OPEN) {
              done({ ok: false, error: { code: 'INTERNAL', message: 'the connection to the app is closed' } });
              return;
            }
            pending.set(id, done);
            socket.send(JSON.stringify({ type: 'call', id, name, args }));
          });
        },
        onEvent(s) {
          sink = s;
        },
      });
  });
}
