// Live reload through core itself (createCore with watchCourse, a real folder, the real
// watcher and progress file): a changed check's stored result is cleared, the others keep
// theirs, and getCourse answers with the new lesson.
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CourseReloaded } from '../../../common/api';
import { useTempDir } from '../../../test/temp-dir';
import { type Core, createCore } from '../core';
import { EventBus } from '../events';
import { FIXTURES } from '../lessons/test-support';
import { progressFileName } from '../progress/progress-store';

describe('core live reload', () => {
  let dir = '';
  useTempDir('core-reload', (p) => {
    dir = p;
  });
  let core: Core | undefined;
  afterEach(async () => core?.dispose());

  it('clears only the changed check and serves the new lesson', async () => {
    const courseDir = path.join(dir, 'course');
    const dataDir = path.join(dir, 'data');
    await cp(path.join(FIXTURES, 'clean'), courseDir, { recursive: true });
    const at = '2026-12-05T10:00:00.000Z';
    await mkdir(dataDir);
    await writeFile(path.join(dataDir, progressFileName('fixture-course')), JSON.stringify({
      schemaVersion: 1,
      lessons: { etcd: { checks: { 'etcd-healthy': { outcome: 'pass', at }, 'etcd-running': { outcome: 'pass', at } }, blocks: {} } },
    }));
    const events = new EventBus();
    const reloads: CourseReloaded[] = [];
    events.subscribe((name, payload) => {
      if (name === 'course:changed') reloads.push(payload as CourseReloaded);
    });
    core = await createCore({ dataDir, lessonsDir: path.join(courseDir, 'lessons'), events, watchCourse: true });
    expect(Object.keys((await core.getProgress()).lessons.etcd?.checks ?? {}).sort()).toEqual(['etcd-healthy', 'etcd-running']);

    const file = path.join(courseDir, 'lessons', '02-etcd.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('run: etcdctl endpoint health', 'run: etcdctl endpoint health -w json'));
    // A hang guard only: the watcher reports within milliseconds.
    await vi.waitFor(() => expect(reloads).toHaveLength(1), { timeout: 10_000 });

    expect(Object.keys((await core.getProgress()).lessons.etcd?.checks ?? {})).toEqual(['etcd-running']);
    const etcd = (await core.getCourse()).course.lessons.find((l) => l.id === 'etcd');
    expect(etcd?.checks.find((c) => c.id === 'etcd-healthy')).toMatchObject({ run: 'etcdctl endpoint health -w json' });
  });
});
