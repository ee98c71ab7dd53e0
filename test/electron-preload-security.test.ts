// The preload, loaded for real with a fake `electron` module (no Electron binary here):
// what it hands the page through contextBridge is plain functions, one per contract
// operation plus one event subscription; never ipcRenderer or anything that reaches it.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENTS, OPERATIONS } from '../common/api';
import { EVENT_CHANNEL, operationChannel } from '../electron/main/ipc-router';

const exposed = new Map<string, unknown>();
const invoked: Array<{ channel: string; args: unknown[] }> = [];
const listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: {
    invoke: (channel: string, ...args: unknown[]) => {
      invoked.push({ channel, args });
      return Promise.resolve({ ok: true, value: null });
    },
    on: (channel: string, fn: (event: unknown, ...args: unknown[]) => void) => listeners.set(channel, fn),
    send: () => {
      throw new Error('the preload must not send on raw channels');
    },
  },
}));

type Bridge = { operations: Record<string, (...args: unknown[]) => Promise<unknown>>; onEvent(fn: (name: string, payload: unknown) => void): void };

/** Every value reachable from the bridge, with its path (the page can walk all of it). */
function walk(value: unknown, path: string, out: Array<[string, unknown]>, seen = new Set<unknown>()): Array<[string, unknown]> {
  out.push([path, value]);
  if (value && typeof value === 'object' && !seen.has(value)) {
    seen.add(value);
    for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`, out, seen);
  }
  return out;
}

describe('preload bridge', () => {
  let bridge: Bridge;
  beforeAll(async () => {
    await import('../electron/preload/index');
    bridge = exposed.get('tutorBridge') as Bridge;
  });

  it('exposes exactly one global, tutorBridge', () => {
    expect([...exposed.keys()]).toEqual(['tutorBridge']);
  });

  it('exposes only functions: one per operation and onEvent, and no ipcRenderer', async () => {
    const { ipcRenderer } = await import('electron');
    const reachable = walk(bridge, 'tutorBridge', []);
    expect(reachable.some(([, v]) => v === ipcRenderer)).toBe(false);
    const leaves = reachable.filter(([, v]) => typeof v !== 'object');
    expect(leaves.every(([, v]) => typeof v === 'function')).toBe(true);
    expect(Object.keys(bridge).sort()).toEqual(['onEvent', 'operations']);
    expect(Object.keys(bridge.operations).sort()).toEqual([...OPERATIONS].sort());
    for (const [path] of reachable) expect(path).not.toMatch(/\.(send|sendSync|invoke|on|ipcRenderer|postMessage)$/);
  });

  it('sends each operation only on its own api: channel', async () => {
    invoked.length = 0;
    for (const name of OPERATIONS) await bridge.operations[name]!('x');
    expect(invoked.map((c) => c.channel)).toEqual(OPERATIONS.map(operationChannel));
  });

  it('passes on known events only', () => {
    const seen: string[] = [];
    bridge.onEvent((name) => seen.push(name));
    const deliver = listeners.get(EVENT_CHANNEL)!;
    deliver({}, EVENTS[0], {});
    deliver({}, 'not-an-event', {});
    deliver({}, { toString: () => EVENTS[0] }, {});
    expect(seen).toEqual([EVENTS[0]]);
  });
});
