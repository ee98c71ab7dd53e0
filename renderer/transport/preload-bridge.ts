// The Electron transport: the preload bridge exposes one function per operation plus an
// event subscription; this adapts it to the Transport interface.
import type { EventName, OperationName } from '../../common/api';
import type { Envelope } from '../../common/rpc';
import type { Transport } from '../../common/client';

export interface PreloadBridge {
  operations: Record<OperationName, (...args: unknown[]) => Promise<Envelope>>;
  onEvent(sink: (name: EventName, payload: unknown) => void): void;
}

declare global {
  interface Window {
    tutorBridge?: PreloadBridge;
  }
}

export function electronTransport(bridge: PreloadBridge): Transport {
  return {
    call: (name, args) => bridge.operations[name](...args),
    onEvent: (sink) => bridge.onEvent(sink),
  };
}
