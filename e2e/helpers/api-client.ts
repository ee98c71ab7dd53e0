// A second client of a running browser host, from Node: tests use it to read what the UI
// cannot show (e.g. the flow-control counter) through the same contract and token.
import WebSocket from 'ws';
import type { ApiClient, EventName, OperationName } from '../../common/api';
import { createClient } from '../../common/client';
import type { Envelope } from '../../common/rpc';

export async function connectApi(servedUrl: string): Promise<ApiClient & { close(): void }> {
  const url = new URL(servedUrl);
  const ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const pending = new Map<number, (e: Envelope) => void>();
  let sink: (name: EventName, payload: unknown) => void = () => {};
  let nextId = 1;
  ws.on('message', (raw) => {
    const msg = JSON.parse(raw.toString());
    if (msg.type === 'result') pending.get(msg.id)?.(msg.envelope);
    else sink(msg.name, msg.payload);
  });
  const client = createClient({
    call: (name: OperationName, args: unknown[]) =>
      new Promise<Envelope>((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        ws.send(JSON.stringify({ type: 'call', id, name, args }));
      }),
    onEvent: (s) => {
      sink = s;
    },
  });
  return Object.assign(client, { close: () => ws.close() });
}
