// The live-checks scheduler with fake timers: debounce after the learner's commands,
// background stagger and interval, the budget (one batch per host in flight), pause,
// watchNow, back-off, and races with running blocks. runBatch is a stand-in that stores
// results the way the checkpoint service does and answers when the test says so (the
// checks themselves run against the lab in e2e/live-checks.spec.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckResult } from '../../../common/api';
import type { CheckSpec, Course, Lesson } from '../../../common/course';
import type { CheckOutcome, LessonState, ProgressFile } from '../../../common/progress';
import { emptyProgress } from '../../../common/progress';
import { LiveChecks, type LiveChecksDeps } from './live-checks';

const check = (id: string, host: string, extra: Partial<CheckSpec> = {}): CheckSpec => ({ id, host, kind: 'port', port: 1, ...extra } as CheckSpec);
const lesson = (id: string, checks: CheckSpec[], requires: string[] = []): Lesson => ({
  id, title: id, section: id, file: `${id}.md`, requires, checks, reset: [], blocks: [], segments: [],
});

const COURSE: Course = {
  id: 'c', title: 'C', versions: {}, variables: {}, hosts: [{ role: 'master', hostname: 'kube-master', minimum: { memoryMiB: 1, cpus: 1 } }, { role: 'worker', hostname: 'kube-worker', minimum: { memoryMiB: 1, cpus: 1 } }], artifacts: [],
  lessons: [
    lesson('nodes', [check('m1', 'master'), check('w1', 'worker')]),
    lesson('ca', [check('ca-key', 'master'), check('ca-slow', 'master', { timeoutSeconds: 20 })], ['nodes']),
    lesson('etcd', [
      check('etcd-unit', 'master'),
      check('etcd-never', 'master', { watch: false }),
      { id: 'etcd-net', host: 'master', kind: 'command', run: 'curl -s https://example.com/', expect: { exitCode: 0 } },
    ], ['ca']),
  ],
};

interface Pending {
  lessonId: string;
  checkIds: string[];
  background: boolean;
  answer(outcome?: CheckOutcome | Record<string, CheckOutcome>): Promise<void>;
}

function harness(options: { interval?: number; paused?: boolean; passed?: string[]; current?: string; roles?: string[] } = {}) {
  const progress: ProgressFile = emptyProgress();
  progress.settings.watchIntervalSeconds = options.interval ?? 5;
  progress.settings.watchPaused = options.paused ?? false;
  if (options.current) progress.settings.lastLessonId = options.current;
  for (const id of options.passed ?? []) {
    const l = COURSE.lessons.find((x) => x.id === id) as Lesson;
    progress.lessons[id] = { completedAt: '2026-01-01T00:00:00Z', blocks: {}, checks: Object.fromEntries(l.checks.map((c) => [c.id, { outcome: 'pass' as const, at: '2026-01-01T00:00:00Z' }])) };
  }
  const pending: Pending[] = [];
  const busy = new Set<string>();
  const changes: [string, LessonState, LessonState][] = [];
  const deps: LiveChecksDeps = {
    course: COURSE,
    progress: () => progress,
    role: (h) => h,
    busy: (role) => busy.has(role),
    reachableRoles: async () => options.roles ?? ['master', 'worker'],
    onStateChange: (id, from, to) => changes.push([id, from, to]),
    runBatch: (lessonId, checkIds, background) =>
      new Promise<CheckResult[]>((resolve) => {
        pending.push({
          lessonId, checkIds, background,
          async answer(outcome = 'pass') {
            const l = COURSE.lessons.find((x) => x.id === lessonId) as Lesson;
            const results = checkIds.map((checkId) => ({ lessonId, checkId, outcome: typeof outcome === 'string' ? outcome : outcome[checkId] ?? 'pass', message: '', at: new Date().toISOString() }));
            const entry = (progress.lessons[lessonId] ??= { checks: {}, blocks: {} });
            if (!(background && !entry.completedAt)) {
              for (const r of results) entry.checks[r.checkId] = { outcome: r.outcome, at: r.at };
              if (l.checks.every((c) => entry.checks[c.id]?.outcome === 'pass')) entry.completedAt ??= r0();
            }
            resolve(results);
            await vi.advanceTimersByTimeAsync(0);
          },
        });
      }),
  };
  const live = new LiveChecks(deps);
  const r0 = () => new Date().toISOString();
  return { live, progress, pending, busy, changes, take: () => pending.splice(0) };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('following the learner', () => {
  it('runs the current lesson’s watched checks on that host once, 1.5 s after the last of several commands', async () => {
    const h = harness({ passed: ['nodes', 'ca'], current: 'etcd', paused: true });
    h.live.commandEnded('master');
    await vi.advanceTimersByTimeAsync(1_000);
    h.live.commandEnded('master');
    await vi.advanceTimersByTimeAsync(1_000);
    h.live.commandEnded('master');
    await vi.advanceTimersByTimeAsync(1_499);
    expect(h.pending).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    // watch: false, a check that needs the internet, never follow commands.
    expect(h.take().map((p) => [p.lessonId, p.checkIds, p.background])).toEqual([['etcd', ['etcd-unit'], false]]);
  });

  it('runs nothing for a command on a host where the current lesson has no checks, or for a locked lesson', async () => {
    const h = harness({ passed: ['nodes', 'ca'], current: 'etcd', paused: true });
    h.live.commandEnded('worker');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(h.pending).toHaveLength(0);
    const locked = harness({ current: 'etcd', paused: true });
    locked.live.commandEnded('master');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(locked.pending).toHaveLength(0);
  });

  it('waits while a block runs on that host, and runs when it ended', async () => {
    const h = harness({ passed: ['nodes', 'ca'], current: 'etcd', paused: true });
    h.busy.add('master');
    h.live.commandEnded('master');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.pending).toHaveLength(0);
    h.busy.delete('master');
    await vi.advanceTimersByTimeAsync(500);
    expect(h.take().map((p) => p.lessonId)).toEqual(['etcd']);
  });

  it('when every watched check passes, runs the lesson’s other checks once, and the lesson passes by itself', async () => {
    const h = harness({ passed: ['nodes', 'ca'], current: 'etcd', paused: true });
    h.live.commandEnded('master');
    await vi.advanceTimersByTimeAsync(1_500);
    await h.take()[0]?.answer('pass');
    const confirm = h.take();
    expect(confirm.map((p) => [p.checkIds, p.background])).toEqual([[['etcd-never', 'etcd-net'], false]]);
    await confirm[0]?.answer('pass');
    expect(h.progress.lessons.etcd?.completedAt).toBeDefined();
    expect(h.changes).toEqual([['etcd', 'open', 'passed']]);
  });

  it('does not run the other checks while a watched one fails', async () => {
    const h = harness({ passed: ['nodes', 'ca'], current: 'etcd', paused: true });
    h.live.commandEnded('master');
    await vi.advanceTimersByTimeAsync(1_500);
    await h.take()[0]?.answer('fail');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.pending).toHaveLength(0);
    expect(h.progress.lessons.etcd?.completedAt).toBeUndefined();
  });
});

describe('watching passed lessons', () => {
  it('re-checks each passed lesson about every interval, staggered across the lessons of a host', async () => {
    const h = harness({ passed: ['nodes', 'ca'], interval: 4, roles: ['master'] });
    await h.live.ensureRunning();
    // Two lessons on master: one batch every 2 s, alternating.
    const seen: [number, string][] = [];
    for (let t = 0; t < 8; t++) {
      await vi.advanceTimersByTimeAsync(1_000);
      for (const p of h.take()) {
        seen.push([Date.now(), p.lessonId]);
        expect(p.background).toBe(true);
        await p.answer('pass');
      }
    }
    expect(seen.map(([, id]) => id)).toEqual(['nodes', 'ca', 'nodes', 'ca']);
    const times = seen.map(([at]) => at);
    expect(times.slice(1).map((t, i) => t - (times[i] as number))).toEqual([2_000, 2_000, 2_000]);
  });

  it('counts the stagger from each batch’s start: a slow batch does not stretch the interval, a very slow one is followed after the least gap', async () => {
    const h = harness({ passed: ['nodes', 'ca'], interval: 4, roles: ['master'] });
    await h.live.watchNow();
    await vi.advanceTimersByTimeAsync(0);
    await h.take()[0]?.answer(); // the sweep: both at once
    const starts: number[] = [];
    for (const took of [1_500, 3_000, 0]) {
      for (;;) {
        const [p] = h.take();
        if (p) {
          if (p.background && starts.length < 3) starts.push(Date.now());
          await vi.advanceTimersByTimeAsync(took);
          await p.answer();
          break;
        }
        await vi.advanceTimersByTimeAsync(50);
      }
    }
    // Gap 2 s: 1.5 s of checking leaves 0.5 s; 3 s of checking leaves the least gap (250 ms).
    expect(starts.slice(1).map((t, i) => t - (starts[i] as number))).toEqual([2_000, 3_250]);
  });

  it('runs only watched checks on the host: not a 20 s check', async () => {
    const h = harness({ passed: ['nodes', 'ca'], interval: 2, roles: ['master'] });
    await h.live.watchNow();
    await vi.advanceTimersByTimeAsync(0);
    const first = h.take();
    expect(first.map((p) => [p.lessonId, p.checkIds])).toEqual([['nodes', ['m1']]]);
    await first[0]?.answer();
    expect(h.take().map((p) => [p.lessonId, p.checkIds])).toEqual([['ca', ['ca-key']]]);
  });

  it('keeps at most one batch per host in flight, whatever asks for more', async () => {
    const h = harness({ passed: ['nodes', 'ca', 'etcd'], interval: 2, current: 'etcd' });
    await h.live.watchNow();
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 5; i++) {
      h.live.commandEnded('master');
      await h.live.watchNow();
      await vi.advanceTimersByTimeAsync(3_000);
    }
    // One on master, one on worker: nothing more while they have not answered.
    expect(h.pending.map((p) => p.checkIds[0]?.startsWith('w') ? 'worker' : 'master').sort()).toEqual(['master', 'worker']);
    // When master's answers, the follow-up of the learner's command goes first.
    const master = h.pending.find((p) => p.checkIds[0] === 'm1') as Pending;
    h.pending.splice(h.pending.indexOf(master), 1);
    await master.answer();
    expect(h.pending.filter((p) => !p.checkIds[0]?.startsWith('w')).map((p) => [p.lessonId, p.background])).toEqual([['etcd', false]]);
  });

  it('watchNow checks every passed lesson of the host back to back, then returns to the interval', async () => {
    const h = harness({ passed: ['nodes', 'ca', 'etcd'], interval: 30, roles: ['master'] });
    await h.live.watchNow();
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersByTimeAsync(0);
      const [p] = h.take();
      order.push(p?.lessonId as string);
      await p?.answer();
    }
    expect(order).toEqual(['nodes', 'ca', 'etcd']);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(h.pending).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.take().map((p) => p.lessonId)).toEqual(['nodes']);
  });

  it('runs nothing in the background while paused, yet follows the learner; resumes on a settings change', async () => {
    const h = harness({ passed: ['nodes', 'ca'], interval: 2, paused: true, current: 'etcd', roles: ['master'] });
    await h.live.ensureRunning();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.pending).toHaveLength(0);
    h.live.commandEnded('master');
    await vi.advanceTimersByTimeAsync(1_500);
    const follow = h.take();
    expect(follow.map((p) => [p.lessonId, p.background])).toEqual([['etcd', false]]);
    await follow[0]?.answer('fail');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.pending).toHaveLength(0);
    h.progress.settings.watchPaused = false;
    h.live.settingsChanged();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(h.take().map((p) => p.background)).toEqual([true]);
  });

  it('skips a host where a block runs and comes back to it', async () => {
    const h = harness({ passed: ['nodes'], interval: 2 });
    h.busy.add('master');
    await h.live.watchNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.take().map((p) => p.checkIds)).toEqual([['w1']]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(h.pending).toHaveLength(0);
    h.busy.delete('master');
    await vi.advanceTimersByTimeAsync(500);
    expect(h.take().map((p) => p.checkIds)).toEqual([['m1']]);
  });

  it('backs off from a host none of whose checks answer, and re-checks all of it at once when it answers again', async () => {
    const h = harness({ passed: ['nodes', 'ca'], interval: 60, roles: ['master'] });
    await h.live.watchNow();
    await vi.advanceTimersByTimeAsync(0);
    await h.take()[0]?.answer('unreachable');
    await vi.advanceTimersByTimeAsync(4_999);
    expect(h.pending).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await h.take()[0]?.answer('unreachable');
    await vi.advanceTimersByTimeAsync(9_999);
    expect(h.pending).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    const back = h.take();
    expect(back.map((p) => p.lessonId)).toEqual(['nodes']);
    await back[0]?.answer('pass');
    // Reconnected: both lessons back to back, then the interval (30 s per lesson here).
    const sweep: string[] = [];
    for (let i = 0; i < 2; i++) {
      await vi.advanceTimersByTimeAsync(0);
      const [p] = h.take();
      sweep.push(p?.lessonId as string);
      await p?.answer('pass');
    }
    expect(sweep).toEqual(['ca', 'nodes']);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(h.pending).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.take()).toHaveLength(1);
  });

  it('reports a passed lesson that fails now, and again when it passes', async () => {
    const h = harness({ passed: ['nodes'], interval: 2, roles: ['master'] });
    await h.live.watchNow();
    await vi.advanceTimersByTimeAsync(0);
    await h.take()[0]?.answer('fail');
    expect(h.changes).toEqual([['nodes', 'passed', 'failing']]);
    await vi.advanceTimersByTimeAsync(2_000);
    await h.take()[0]?.answer('pass');
    expect(h.changes.at(-1)).toEqual(['nodes', 'failing', 'passed']);
  });

  it('stops after dispose: no timer fires a batch', async () => {
    const h = harness({ passed: ['nodes'], interval: 2 });
    await h.live.ensureRunning();
    h.live.commandEnded('master');
    h.live.dispose();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.pending).toHaveLength(0);
  });
});
