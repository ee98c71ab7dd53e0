// Builds an ApiClient on top of any transport that can send one operation and deliver
// events. The Electron preload bridge and the WebSocket client both end up here, so the
// renderer sees the same object either way.
import { type ApiClient, type ApiEvents, type EventName, OPERATIONS, type OperationName } from './api';
import { type Envelope, unwrap } from './rpc';

export interface Transport {
  call(name: OperationName, args: unknown[]): Promise<Envelope>;
  /** Registers the single sink for every event the host pushes. */
  onEvent(sink: (name: EventName, payload: unknown) => void): void;
}

export function createClient(transport: Transport): ApiClient {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  transport.onEvent((name, payload) => {
    for (const l of listeners.get(name) ?? []) l(payload);
  });
  const client: Record<string, unknown> = {
    on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
  for (const name of OPERATIONS) {
    client[name] = async (...args: unknown[]) => unwrap(await transport.call(name, args));
  }
  return client as unknown as ApiClient;
}
