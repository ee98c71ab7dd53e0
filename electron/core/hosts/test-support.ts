// Shared by the hosts tests: a course with the tutorial's two roles, temp folders, an
// event recorder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiEvents, EventName } from '../../../common/api';
import type { Course } from '../../../common/course';
import { EventBus } from '../events';

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
