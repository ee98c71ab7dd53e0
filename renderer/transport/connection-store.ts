// Whether the renderer is connected to core: the browser host's socket can drop (the host
// restarted, the computer slept) and comes back by itself (websocket.ts); the app shows a
// banner meanwhile and catches up when `reconnects` moves (app/connect-stores.ts).
import { create } from 'zustand';

export interface ConnectionState {
  status: 'connected' | 'reconnecting';
  /** Attempts since the drop. */
  attempt: number;
  /** When the next attempt starts (ms since the epoch), while reconnecting. */
  retryAt?: number;
  /** Why the last attempt failed, in words. */
  detail?: string;
  /** Bumped on each reconnection: the stores reload what they may have missed. */
  reconnects: number;
}

export const useConnectionStore = create<ConnectionState>()(() => ({ status: 'connected', attempt: 0, reconnects: 0 }));
