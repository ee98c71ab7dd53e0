// Drills through core itself (createCore, a real progress file): a drill recorded as under
// way before a restart is still under way after it (its fault may be in the cluster), the
// drill's lessons show pass or fail only meanwhile, other lessons keep their words, and
// starting a drill whose lessons have not passed breaks nothing. A drill's secrets stay in
// core: the course the renderer gets (and a live reload's event) carries no hint, step or
// explanation; hints come one at a time, the explanation and the steps after Show me or a
// finished try.
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CourseReloaded } from '../../../common/api';
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

  // Text of the fixture drill (drills/01-good.md) that must not travel before its time.
  const SECRETS = ['Is anything listening?', 'Ask systemd.', 'systemctl disable --now etcd', 'systemctl enable --now etcd', 'etcd was stopped and disabled', '{{certDir}}/etcd.crt'];

  async function progressWith(dataDir: string, drills: unknown): Promise<void> {
    await mkdir(dataDir, { recursive: true });
    const at = '2026-12-05T10:00:00.000Z';
    await writeFile(path.join(dataDir, progressFileName('drills-course')), JSON.stringify({
      schemaVersion: 1,
      lessons: { etcd: { completedAt: at, checks: { 'etcd-running': { outcome: 'pass', at }, 'etcd-healthy': { outcome: 'pass', at } }, blocks: {} } },
      drills,
    }));
  }

  it('sends the renderer a course whose drills carry no hint, step or explanation, and hands those out only in their time', async () => {
    const dataDir = path.join(dir, 'data3');
    await progressWith(dataDir, {});
    core = await createCore({ dataDir, lessonsDir: fixtureLessons('drills'), events: new EventBus() });
    const payload = JSON.stringify(await core.getCourse());
    expect(payload).toContain('etcdctl says connection refused.');
    for (const secret of SECRETS) expect(payload, secret).not.toContain(secret);
    expect((await core.getCourse()).course.drills).toEqual([expect.objectContaining({ id: 'etcd-stopped', hintCount: 2, machines: ['master', 'worker'] })]);
    // Before a try: no hints, no explanation, no steps.
    await expect(core.drillHints('etcd-stopped', true)).rejects.toThrow(/not under way/);
    await expect(core.drillDetails('etcd-stopped')).rejects.toThrow(/after Show me, or once a try has ended/);
  });

  it('during a try: hints one at a time as asked, the explanation only after Show me', async () => {
    const dataDir = path.join(dir, 'data4');
    const at = '2026-12-05T10:00:00.000Z';
    await progressWith(dataDir, { 'etcd-stopped': { active: { startedAt: at, injectedAt: at, hintsUsed: 0, answerShown: false }, attempts: [] } });
    core = await createCore({ dataDir, lessonsDir: fixtureLessons('drills'), events: new EventBus() });
    expect(await core.drillHints('etcd-stopped', false)).toEqual({ hints: [], more: true });
    expect(await core.drillHints('etcd-stopped', true)).toEqual({ hints: ['Is anything listening?'], more: true });
    await expect(core.drillDetails('etcd-stopped')).rejects.toThrow(/after Show me/);
    await core.showDrillAnswer('etcd-stopped');
    const details = await core.drillDetails('etcd-stopped');
    expect(details.segments.some((s) => s.kind === 'markdown' && s.text.includes('etcd was stopped and disabled'))).toBe(true);
    expect(details.blocks.map((b) => b.code)).toEqual(['systemctl enable --now etcd']);
    expect(details.inject[0]).toEqual({ host: 'master', run: 'systemctl disable --now etcd' });
    expect(details.undo).toEqual([{ host: 'master', run: 'systemctl enable --now etcd' }]);
  });

  it('after a finished try the explanation is given; a live reload sends no secrets and core serves the edited drill', async () => {
    const course = path.join(dir, 'course');
    await cp(fixtureLessons('drills'), course, { recursive: true });
    const dataDir = path.join(dir, 'data5');
    const at = '2026-12-05T10:00:00.000Z';
    await progressWith(dataDir, { 'etcd-stopped': { attempts: [{ startedAt: at, endedAt: at, seconds: 60, hintsUsed: 0, answerShown: false, outcome: 'solved' }] } });
    const events = new EventBus();
    const reloads: CourseReloaded[] = [];
    events.subscribe((name, payload) => {
      if (name === 'course:changed') reloads.push(payload as CourseReloaded);
    });
    core = await createCore({ dataDir, lessonsDir: course, events, watchCourse: true });
    expect((await core.drillDetails('etcd-stopped')).blocks).toHaveLength(1);
    const file = path.join(course, 'drills', '01-good.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('etcd was stopped and disabled.', 'etcd was stopped and disabled, on purpose.').replace('Ask systemd.', 'Ask systemd, kindly.'));
    // A hang guard only: the watcher reports within milliseconds.
    await vi.waitFor(() => expect(reloads).toHaveLength(1), { timeout: 10_000 });
    const payload = JSON.stringify(reloads[0]);
    for (const secret of [...SECRETS, 'on purpose', 'kindly']) expect(payload, secret).not.toContain(secret);
    expect(JSON.stringify(await core.getCourse())).not.toContain('kindly');
    const details = await core.drillDetails('etcd-stopped');
    expect(details.segments.some((s) => s.kind === 'markdown' && s.text.includes('on purpose'))).toBe(true);
  });
});
