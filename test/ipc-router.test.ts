// The contract over Electron IPC. ipcMain and the sender are fakes (no Electron binary
// can run here); everything behind them is the real router and the real core.
import { describe, expect, it } from 'vitest';
import type { IpcMain } from 'electron';
import { OPERATIONS, type EventName, type OperationName } from '../common/api';
import { createClient } from '../common/client';
import type { Envelope } from '../common/rpc';
import { APP_ORIGIN, EVENT_CHANNEL, forwardEvents, isTrustedSender, operationChannel, registerIpcRouter } from '../electron/main/ipc-router';
import { EventBus, TerminalOutput } from '../electron/core';
import { contractSuite, makeCore } from './contract-suite';

type Handler = (event: unknown, ...args: unknown[]) => Promise<Envelope>;

class FakeIpcMain {
  handlers = new Map<string, Handler>();
  handle(channel: string, fn: Handler) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, fn);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  invoke(channel: string, event: unknown, ...args: unknown[]) {
    const fn = this.handlers.get(channel);
    if (!fn) throw new Error(`No handler registered for '${channel}'`);
    return fn(event, ...args);
  }
}

function fakeEvent(url: string, opts: { subFrame?: boolean; noFrame?: boolean } = {}) {
  const mainFrame = { url };
  const senderFrame = opts.noFrame ? null : opts.subFrame ? { url } : mainFrame;
  return { senderFrame, sender: { mainFrame } };
}

const trusted = fakeEvent(`${APP_ORIGIN}/index.html`);

contractSuite('Electron IPC', async () => {
  const core = await makeCore();
  const ipc = new FakeIpcMain();
  const unregister = registerIpcRouter(ipc as unknown as IpcMain, core);
  let sink: (name: EventName, payload: unknown) => void = () => {};
  // Stands in for webContents.send → the preload's ipcRenderer.on(EVENT_CHANNEL).
  const stopEvents = forwardEvents(core.events, {
    isDestroyed: () => false,
    send: (channel, name, payload) => {
      if (channel === EVENT_CHANNEL) sink(name as EventName, payload);
    },
  });
  const client = createClient({
    call: (name: OperationName, args: unknown[]) => ipc.invoke(operationChannel(name), trusted, ...args),
    onEvent: (s) => {
      sink = s;
    },
  });
  return {
    client,
    core,
    close: async () => {
      stopEvents();
      unregister();
    },
  };
});

describe('IPC sender validation', () => {
  it('registers one channel per operation and removes them', async () => {
    const ipc = new FakeIpcMain();
    const off = registerIpcRouter(ipc as unknown as IpcMain, await makeCore());
    expect([...ipc.handlers.keys()].sort()).toEqual(OPERATIONS.map(operationChannel).sort());
    off();
    expect(ipc.handlers.size).toBe(0);
  });

  it.each([
    ['a foreign origin', fakeEvent('https://evil.example/')],
    ['a file:// page', fakeEvent('file:///tmp/x.html')],
    ['a subframe of the app', fakeEvent(`${APP_ORIGIN}/index.html`, { subFrame: true })],
    ['a destroyed frame', fakeEvent(`${APP_ORIGIN}/index.html`, { noFrame: true })],
  ])('refuses %s without calling core', async (_label, event) => {
    const core = await makeCore();
    const ipc = new FakeIpcMain();
    registerIpcRouter(ipc as unknown as IpcMain, core);
    const before = await core.getProgress();
    const envelope = await ipc.invoke(operationChannel('completeLesson'), event, 'intro');
    expect(envelope).toEqual({ ok: false, error: { code: 'FAILED_PRECONDITION', message: expect.stringMatching(/did not come from the app window/) } });
    expect(await core.getProgress()).toEqual(before);
    expect(isTrustedSender(event as never)).toBe(false);
  });

  it('makes each window one viewer of core, released when the window is destroyed', async () => {
    const asked: string[] = [];
    const gone: string[] = [];
    const core = await makeCore();
    const viewers = {
      forViewer: (viewer: string) => {
        asked.push(viewer);
        return core.forViewer(viewer);
      },
      viewerGone: (viewer: string) => gone.push(viewer),
    };
    const ipc = new FakeIpcMain();
    registerIpcRouter(ipc as unknown as IpcMain, viewers);
    const window = (id: number) => {
      const destroyed: Array<() => void> = [];
      const mainFrame = { url: `${APP_ORIGIN}/index.html` };
      const event = { senderFrame: mainFrame, sender: { mainFrame, id, once: (_: string, fn: () => void) => destroyed.push(fn) } };
      return { event, destroy: () => destroyed.forEach((fn) => fn()) };
    };
    const one = window(1);
    const two = window(2);
    await ipc.invoke(operationChannel('listTerminals'), one.event);
    await ipc.invoke(operationChannel('listTerminals'), one.event);
    await ipc.invoke(operationChannel('listTerminals'), two.event);
    expect(asked).toEqual(['window-1', 'window-2']);
    one.destroy();
    expect(gone).toEqual(['window-1']);
    await ipc.invoke(operationChannel('listTerminals'), two.event);
    expect(asked).toEqual(['window-1', 'window-2']);
    await core.dispose();
  });

  it('forwards to a window the events whose audience includes it', () => {
    const events = new EventBus();
    const sent: unknown[] = [];
    const stop = forwardEvents(events, { id: 3, isDestroyed: () => false, send: (_channel, _name, payload) => sent.push(payload) });
    const all = Buffer.from('all');
    const for3 = Buffer.from('for 3');
    events.emit('terminal:data', { terminalId: 't', data: all });
    events.emit('terminal:data', { terminalId: 't', data: for3 }, (v) => v === 'window-3');
    events.emit('terminal:data', { terminalId: 't', data: Buffer.from('for 4') }, (v) => v === 'window-4');
    stop();
    // Output goes to IPC as its bytes (Electron hands a Buffer to the renderer as a Uint8Array).
    expect(sent).toEqual([{ terminalId: 't', data: all }, { terminalId: 't', data: for3 }]);
  });

  it('sends core\'s output parts to IPC as one buffer of their own, in a plain object (IPC clones no getters)', () => {
    const events = new EventBus();
    const sent: unknown[] = [];
    const stop = forwardEvents(events, { id: 3, isDestroyed: () => false, send: (_channel, _name, payload) => sent.push(payload) });
    const packet = Buffer.from('hdr:output in two parts:trl');
    const parts = [packet.subarray(4, 14), packet.subarray(14, 23)];
    events.emit('terminal:data', new TerminalOutput('t', parts, 19));
    stop();
    expect(sent).toHaveLength(1);
    const payload = sent[0] as { terminalId: string; data: Uint8Array };
    expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
    expect(payload.terminalId).toBe('t');
    expect(Buffer.from(payload.data).toString()).toBe('output in two parts');
    expect(payload.data.buffer.byteLength).toBe(19); // not the packet's buffer (a clone would carry all of it)
  });

  it('trusts the app window', () => {
    expect(isTrustedSender(trusted as never)).toBe(true);
  });
});
