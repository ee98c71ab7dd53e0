// The only bridge between the sandboxed renderer and main: one function per contract
// operation and a single event subscription. ipcRenderer itself is never exposed.
import { contextBridge, ipcRenderer } from 'electron';
import { z } from 'zod';
import { EVENTS, type EventName, OPERATIONS, type OperationName } from '../../common/api';
import type { Envelope } from '../../common/rpc';

// zod would probe new Function() under the page's CSP; it needs no JIT here.
z.config({ jitless: true });

const operations = {} as Record<OperationName, (...args: unknown[]) => Promise<Envelope>>;
for (const name of OPERATIONS) {
  operations[name] = (...args: unknown[]) => ipcRenderer.invoke(`api:${name}`, ...args) as Promise<Envelope>;
}

let sink: ((name: EventName, payload: unknown) => void) | undefined;
ipcRenderer.on('api-event', (_event, name: unknown, payload: unknown) => {
  if (typeof name === 'string' && (EVENTS as readonly string[]).includes(name)) sink?.(name as EventName, payload);
});

contextBridge.exposeInMainWorld('tutorBridge', {
  operations,
  onEvent(fn: (name: EventName, payload: unknown) => void) {
    sink = fn;
  },
});
