// Shared by the hosts tests: a course with the tutorial's two roles, temp folders, an
// event recorder, a host service that trusts the keys it is shown (for the lab tests).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiEvents, EventName } from '../../../common/api';
import type { Course } from '../../../common/course';
import { EventBus } from '../events';
import { MemorySecretStore } from '../secrets/secret-store';
import { type HostService, createHostService } from './host-service';

export const testCourse: Course = {
  id: 'test',
  title: 'Test',
  versions: {},
  variables: {},
  hosts: [
    { role: 'master', hostname: 'kube-master', minimum: { memoryMiB: 4096, cpus: 2 } },
    { role: 'worker', hostname: 'kube-worker', minimum: { memoryMiB: 1024, cpus: 1 } },
  ],
  artifacts: [],
  lessons: [],
};

export async function tempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export interface Recorded {
  name: EventName;
  payload: unknown;
}

export function recordingBus(): { events: EventBus; seen: Recorded[]; next<E extends EventName>(name: E, timeoutMs?: number): Promise<ApiEvents[E]> } {
  const events = new EventBus();
  const seen: Recorded[] = [];
  const waiters: Array<{ name: EventName; resolve: (p: unknown) => void }> = [];
  events.subscribe((name, payload) => {
    seen.push({ name, payload });
    for (const w of [...waiters]) {
      if (w.name === name) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(payload);
      }
    }
  });
  return {
    events,
    seen,
    next: <E extends EventName>(name: E, timeoutMs = 15_000) =>
      new Promise<ApiEvents[E]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${name} event within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ name, resolve: (p) => {
          clearTimeout(timer);
          resolve(p as ApiEvents[E]);
        } });
      }),
  };
}

/**
 * A host service in a temp data dir that accepts every host key it is asked about, as a
 * learner would after reading it (the lab tests that are not about host keys).
 */
export async function trustingHostService(prefix: string): Promise<{ service: HostService; remove: () => Promise<void> }> {
  const data = await tempDir(prefix);
  const bus = recordingBus();
  const service = createHostService({ dataDir: data.path, homeDir: data.path, secrets: new MemorySecretStore(), events: bus.events, course: testCourse });
  bus.events.subscribe((name, payload) => {
    if (name !== 'hostkey:prompt') return;
    const p = payload as { role: string; fingerprint: string };
    void service.acceptHostKey(p.role, p.fingerprint);
  });
  return {
    service,
    remove: async () => {
      await service.dispose();
      await data.remove();
    },
  };
}
