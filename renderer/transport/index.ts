// Picks the transport at start: Electron's preload bridge when present, else the
// browser host's WebSocket on the page's own origin.
import type { ApiClient } from '../../common/api';
import { createClient } from '../../common/client';
import { electronTransport } from './preload-bridge';
import { connectWebSocket } from './websocket';

export async function connect(): Promise<ApiClient> {
  if (window.tutorBridge) return createClient(electronTransport(window.tutorBridge));
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createClient(await connectWebSocket(`${proto}//${location.host}/ws`));
}
