// Drills through core itself (createCore, a real progress file): a drill recorded as under
// way before a restart is still under way after it (its fault may be in the cluster), the
// drill's lessons show pass or fail only meanwhile, other lessons keep their words, and
// starting a drill whose lessons have not passed breaks nothing.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/temp-dir';
import { type Core, createCore } from '../core';
import { EventBus } from '../events';
import { fixtureLessons } from '../lessons/test-support';
import { progressFileName } from '../progress/progress-store';

describe('drills in core', () => {
  let dir = '';
  useTempDir('core-drills', (p) => {
    dir = p;
  });
  let core: Core | undefined;
  afterEach(async () => core?.dispose());

  it('keeps a drill under way across a restart, with its lessons’ checks saying pass or fail only', async () => {
    const dataDir = path.join(dir, 'data');
    await mkdir(dataDir);
    const at = '2026-12-05T10:00:00.000Z';
    await writeFile(path.join(dataDir, progressFileName('drills-course')), JSON.stringify({
      schemaVersion: 1,
      lessons: { etcd: { completedAt: at, checks: { 'etcd-running': { outcome: 'fail', at, message: 'etcd.service is inactive (disabled)' }, 'etcd-healthy': { outcome: 'pass', at, message: 'is healthy' } }, blocks: {} } },
      drills: { 'etcd-stopped': { active: { startedAt: at, hintsUsed: 1, answerShown: false }, attempts: [] } },
    }));
    core = await createCore({ dataDir, lessonsDir: fixtureLessons('drills'), events: new EventBus() });
    const view = await core.getProgress();
    expect(view.drills?.['etcd-stopped']?.active).toMatchObject({ startedAt: at, hintsUsed: 1 });
    expect(view.lessons.etcd?.checks['etcd-running']?.message).toBe('It fails (during a drill, checks say no more).');
    expect(view.lessons.etcd?.checks['etcd-healthy']?.message).toBe('It passes (during a drill, checks say no more).');
    expect(view.states.etcd).toBe('failing');
    // The hints given before the restart are given again.
    expect(await core.drillHints('etcd-stopped', false)).toEqual({ hints: ['Is anything listening?'], more: true });
  });

  it('without a drill under way, the checks keep their messages, and a drill on a lesson not passed does not start', async () => {
    const dataDir = path.join(dir, 'data2');
    await mkdir(dataDir);
    const at = '2026-12-05T10:00:00.000Z';
    await writeFile(path.join(dataDir, progressFileName('drills-course')), JSON.stringify({
      schemaVersion: 1,
      lessons: { etcd: { checks: { 'etcd-running': { outcome: 'fail', at, message: 'etcd.service is inactive (disabled)' } }, blocks: {} } },
    }));
    core = await createCore({ dataDir, lessonsDir: fixtureLessons('drills'), events: new EventBus() });
    expect((await core.getProgress()).lessons.etcd?.checks['etcd-running']?.message).toBe('etcd.service is inactive (disabled)');
    await expect(core.startDrill('etcd-stopped')).rejects.toThrow(/needs “Configure etcd” passing first/);
    expect((await core.getProgress()).drills).toEqual({});
  });
});
