// Routes one IPC channel per contract operation to core, after checking who is asking:
// only the app's own top-level frame, loaded from the app:// origin, may call. Arguments
// are validated by dispatch(). Each window (webContents) is one viewer of core: its
// terminals' flow control counts its own acknowledgements, released when it is destroyed. Only type imports from 'electron', so this runs in tests
// with a fake ipcMain and sender (the one part that cannot run without the binary).
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { type Api, type ApiEvents, type EventName, OPERATIONS, type ViewerApi } from '../../common/api';
import type { Audience, EventBus } from '../core';
import { type Envelope, dispatch } from '../../common/rpc';

export const APP_ORIGIN = 'app://app';
export const operationChannel = (name: string) => `api:${name}`;
export const EVENT_CHANNEL = 'api-event';

type InvokeEventLike = Pick<IpcMainInvokeEvent, 'senderFrame'> & {
  sender: Pick<IpcMainInvokeEvent['sender'], 'mainFrame'> & Partial<Pick<IpcMainInvokeEvent['sender'], 'id' | 'once'>>;
};
type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

export function isTrustedSender(event: InvokeEventLike): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame !== event.sender.mainFrame) return false; // no iframes
  try {
    // Node's URL gives origin "null" for custom schemes, so compare scheme and host.
    const url = new URL(frame.url);
    return `${url.protocol}//${url.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

export function registerIpcRouter(ipcMain: IpcMainLike, core: ViewerApi): () => void {
  const windows = new Map<string, Api>();
  function viewerOf(sender: InvokeEventLike['sender']): Api {
    const viewer = windowViewer(sender.id);
    let api = windows.get(viewer);
    if (!api) {
      windows.set(viewer, (api = core.forViewer(viewer)));
      sender.once?.('destroyed', () => {
        windows.delete(viewer);
        core.viewerGone(viewer);
      });
    }
    return api;
  }
  for (const name of OPERATIONS) {
    ipcMain.handle(operationChannel(name), async (event: InvokeEventLike, ...args: unknown[]): Promise<Envelope> => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'FAILED_PRECONDITION', message: 'refused: the request did not come from the app window' } };
      }
      return dispatch(viewerOf(event.sender), name, args);
    });
  }
  return () => {
    for (const name of OPERATIONS) ipcMain.removeHandler(operationChannel(name));
    for (const viewer of windows.keys()) core.viewerGone(viewer);
    windows.clear();
  };
}

/** The viewer id of a window (webContents): the router's calls and its events agree on it. */
export const windowViewer = (id: number | undefined) => `window-${id ?? 0}`;

/** Pushes core's events for this window (all but those whose audience leaves it out) to its renderer. */
export function forwardEvents(events: EventBus, contents: { id?: number; isDestroyed(): boolean; send(channel: string, ...args: unknown[]): void }): () => void {
  const viewer = windowViewer(contents.id);
  return events.subscribe(<E extends EventName>(name: E, payload: ApiEvents[E], audience?: Audience) => {
    if (contents.isDestroyed() || (audience && !audience(viewer))) return;
    // IPC clones plain data: terminal output goes as the contract's one buffer (core's
    // TerminalOutput keeps it in parts and joins them on reading `data`).
    const sent = name === 'terminal:data' ? { terminalId: (payload as ApiEvents['terminal:data']).terminalId, data: (payload as ApiEvents['terminal:data']).data } : payload;
    contents.send(EVENT_CHANNEL, name, sent);
  });
}
