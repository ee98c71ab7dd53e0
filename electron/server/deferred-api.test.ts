import { describe, expect, it, vi } from 'vitest';
import type { Api, ViewerApi } from '../../common/api';
import { deferredViewerApi } from './deferred-api';

function fakeCore(): ViewerApi & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    forViewer: (viewer) => ({ listTerminals: async () => { calls.push(`listTerminals ${viewer}`); return []; }, ackTerminal: async (id: string, n: number) => { calls.push(`ack ${viewer} ${id} ${n}`); } }) as unknown as Api,
    viewerGone: (viewer) => calls.push(`gone ${viewer}`),
  };
}

describe('deferredViewerApi', () => {
  it('holds calls until core is ready, then runs them in order as that viewer', async () => {
    let ready!: (core: ViewerApi) => void;
    const api = deferredViewerApi(new Promise((r) => (ready = r)));
    const viewer = api.forViewer('socket-1');
    const first = viewer.ackTerminal('t1', 5);
    const second = viewer.listTerminals();
    const core = fakeCore();
    let settled = false;
    void first.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    ready(core);
    await expect(second).resolves.toEqual([]);
    expect(core.calls).toEqual(['ack socket-1 t1 5', 'listTerminals socket-1']);
  });

  it('tells core a viewer left once it is ready', async () => {
    const core = fakeCore();
    const api = deferredViewerApi(Promise.resolve(core));
    api.viewerGone('socket-2');
    await vi.waitFor(() => expect(core.calls).toEqual(['gone socket-2']));
  });

  it('fails the waiting calls with the start-up error', async () => {
    const api = deferredViewerApi(Promise.reject(new Error('the course could not be loaded')));
    await expect(api.forViewer('socket-3').listTerminals()).rejects.toThrow('the course could not be loaded');
  });
});
