// The app's event wiring: which of core's events it follows, where each one lands, and
// when the variables reload.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiClient, ApiEvents, EventName } from '../../common/api';
import type { ProgressView } from '../../common/progress';
import { useBlocksStore } from '../features/blocks/blocks-store';
import { useChecksStore } from '../features/checkpoints/checks-store';
import { useHostsStore } from '../features/hosts/hosts-store';
import { useCourseStore } from '../features/lessons/course-store';
import { useTerminalsStore } from '../features/terminals/terminals-store';
import { connectStores } from './connect-stores';
import { useNoticesStore } from './notices-store';

type Handler = (payload: unknown) => void;

function wiredClient() {
  const handlers = new Map<string, Handler[]>();
  const never = () => new Promise<never>(() => {});
  const client = {
    on: (event: string, handler: Handler) => {
      handlers.set(event, [...(handlers.get(event) ?? []), handler]);
      return () => handlers.set(event, (handlers.get(event) ?? []).filter((h) => h !== handler));
    },
    getVariables: vi.fn(never),
    getCourse: never,
    getProgress: never,
    listHosts: never,
    openTerminal: vi.fn(never),
    watchNow: vi.fn(async () => {}),
  };
  const send = <E extends EventName>(event: E, payload: ApiEvents[E]) => (handlers.get(event) ?? []).forEach((h) => h(payload));
  const listening = () => [...handlers].filter(([, list]) => list.length > 0).map(([event, list]) => `${event}×${list.length}`).sort();
  return { api: client as unknown as ApiClient, client, send, listening };
}

const progress = (overrides: Record<string, string>): ProgressView => ({
  lessons: {},
  settings: { typingMode: false, theme: 'system', variableOverrides: overrides, watchIntervalSeconds: 5, watchPaused: false },
  states: {},
  notices: [],
});

let disconnect: (() => void) | undefined;
afterEach(() => disconnect?.());

describe('connectStores', () => {
  it('follows each of core’s events once, and lets go of all of them', () => {
    const { api, listening } = wiredClient();
    disconnect = connectStores(api);
    expect(listening()).toEqual([
      'block:state×1', 'check:result×1', 'checks:started×1', 'course:changed×1', 'hostkey:prompt×1', 'hosts:changed×1', 'notice×1',
      'progress:changed×1', 'sequence:state×1', 'terminal:data×1', 'terminal:exit×1', 'terminal:state×1', 'typing:result×1',
    ]);
    disconnect();
    expect(listening()).toEqual([]);
    expect(useTerminalsStore.getState().runtime).toBeNull();
  });

  it('asks core to re-verify the passed lessons once, at load', () => {
    const { api, client } = wiredClient();
    disconnect = connectStores(api);
    expect(client.watchNow).toHaveBeenCalledTimes(1);
  });

  it('keeps the lesson a notice is about, for its way there', () => {
    const { api, send } = wiredClient();
    disconnect = connectStores(api);
    send('notice', { level: 'warning', message: 'etcd fails now (wiring-test)', lessonId: 'etcd' });
    expect(useNoticesStore.getState().notices.find((n) => n.message === 'etcd fails now (wiring-test)')?.lessonId).toBe('etcd');
  });

  it('hands each event to its store', () => {
    const { api, send } = wiredClient();
    disconnect = connectStores(api);
    send('notice', { level: 'warning', message: 'hosts.json was moved aside (wiring-test)' });
    expect(useNoticesStore.getState().notices.at(-1)).toMatchObject({ level: 'warning', message: 'hosts.json was moved aside (wiring-test)' });
    send('checks:started', { lessonId: 'etcd', checkIds: ['a'] });
    expect(useChecksStore.getState().runs.etcd).toMatchObject({ running: true, pending: ['a'] });
    send('hostkey:prompt', { role: 'master', address: '10.77.0.10', port: 22, keyType: 'ssh-ed25519', fingerprint: 'SHA256:x', status: 'unknown' });
    expect(useHostsStore.getState().prompts.map((p) => p.role)).toEqual(['master']);
    send('sequence:state', { kind: 'lesson', lessonId: 'etcd', state: 'running', done: 1, total: 2 });
    expect(useBlocksStore.getState().sequence).toMatchObject({ lessonId: 'etcd', state: 'running', done: 1 });
    const course = { id: 'c', title: 'Reloaded course', versions: {}, variables: {}, adjustable: [], hosts: [], artifacts: [], lessons: [] };
    send('course:changed', {
      view: { course, problems: [], leftOut: [{ file: '02-etcd.md', position: 0 }] },
      message: 'Reloaded the course (02-etcd.md changed). (wiring-test)',
      clearedChecks: [],
    });
    expect(useCourseStore.getState()).toMatchObject({ course: { title: 'Reloaded course' }, leftOut: [{ file: '02-etcd.md', position: 0 }] });
    expect(useNoticesStore.getState().notices.at(-1)).toMatchObject({ level: 'info', message: 'Reloaded the course (02-etcd.md changed). (wiring-test)' });
  });

  it('reloads the variables when the hosts or the overrides change, not on other progress', () => {
    const { api, client, send } = wiredClient();
    disconnect = connectStores(api);
    expect(client.getVariables).toHaveBeenCalledTimes(1);
    send('progress:changed', progress({}));
    expect(client.getVariables).toHaveBeenCalledTimes(2);
    send('progress:changed', progress({}));
    expect(client.getVariables).toHaveBeenCalledTimes(2);
    send('progress:changed', progress({ podCidr: '10.200.0.0/16' }));
    expect(client.getVariables).toHaveBeenCalledTimes(3);
    send('hosts:changed', []);
    expect(client.getVariables).toHaveBeenCalledTimes(4);
  });

  it('leaves terminal events alone and opens nothing until the panel starts the terminals', async () => {
    const { api, client, send } = wiredClient();
    disconnect = connectStores(api);
    send('terminal:state', { terminalId: 'w1', target: 'worker', state: 'connecting' });
    expect(useTerminalsStore.getState().tabs.worker).toBeUndefined();
    await expect(useTerminalsStore.getState().ensureOpen('worker')).resolves.toBeNull();
    expect(client.openTerminal).not.toHaveBeenCalled();
  });
});
