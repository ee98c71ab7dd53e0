// The drill service's order and record: a fresh passing check of the lessons it needs, the
// drill recorded BEFORE the fault goes in, then the inject steps, then the proved checks;
// hints one at a time (then what the failing checks say); solved only by results taken
// after the fault went in; undo from any state. The VMs and the check engine are fakes
// (a HostAccess that logs commands, checkpoints whose results the test sets): the lab
// e2e (e2e/drills-lab.spec.ts) runs real drills on real VMs.
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../common/api';
import type { CheckSpec, Course, Lesson } from '../../../common/course';
import type { Drill } from '../../../common/drill';
import { emptyProgress, type ProgressFile } from '../../../common/progress';
import { createCourseModel } from '../course/course-model';
import { EventBus } from '../events';
import { maskLessons, maskResult, mutedLessons } from './drill-mask';
import { setCourseDrills } from '../lessons/course-drills';
import { createDrillService } from './drill-service';

const cmd = (id: string): CheckSpec => ({ id, title: `check ${id}`, host: 'master', kind: 'command', run: `check ${id}`, expect: { exitCode: 0 } });
const lesson = (id: string, checks: CheckSpec[], requires: string[] = []): Lesson => ({ id, title: id, section: id, file: `${id}.md`, requires, checks, reset: [], blocks: [], segments: [] });
const drill: Drill = {
  id: 'etcd-stopped', title: 'Nobody answers', file: 'drills/x.md', requires: ['etcd'], symptom: 'refused',
  proves: [{ lessonId: 'etcd', checkId: 'unit' }, { lessonId: 'etcd', checkId: 'port' }],
  inject: [{ host: 'master', run: 'systemctl disable --now etcd # {{master.ip}}' }, { host: 'worker', from: 'master', copy: '/root/certificates/{{worker.hostname}}.crt 0600\n' }],
  undo: [{ host: 'master', run: 'systemctl enable --now etcd' }],
  hints: ['first', 'second'],
  hintCount: 2,
  machines: ['master', 'worker'],
  blocks: [
    { id: 'fix', lessonId: 'etcd-stopped', host: 'master', lang: 'bash', code: 'systemctl enable --now etcd', line: 20, variables: [] },
    { id: 'carry', lessonId: 'etcd-stopped', host: 'worker', copyFrom: 'master', lang: 'copy', code: '/root/certificates/ca.crt', line: 30, variables: [] },
  ],
  segments: [],
};
const course: Course = {
  id: 'c', title: 'c', versions: {}, variables: {}, artifacts: [],
  hosts: [{ role: 'master', hostname: 'kube-master', minimum: { memoryMiB: 1, cpus: 1 } }, { role: 'worker', hostname: 'kube-worker', minimum: { memoryMiB: 1, cpus: 1 } }],
  lessons: [lesson('etcd', [cmd('unit'), cmd('port')]), lesson('api-server', [cmd('ready')], ['etcd']), lesson('other', [cmd('x')])],
};
setCourseDrills(course, [drill]);

function setup() {
  const progress: ProgressFile = emptyProgress();
  const at = '2026-01-01T00:00:00.000Z';
  progress.lessons.etcd = { completedAt: at, checks: { unit: { outcome: 'pass', at }, port: { outcome: 'pass', at } }, blocks: {} };
  const log: string[] = [];
  /** Outcomes the test sets per check id; while the fault is in, `broken` checks fail. */
  const outcomes = new Map<string, CheckResult['outcome']>();
  const broken = new Set(['unit', 'port']);
  let faulty = false;
  /** What the fake VM does with a command: the drill's inject breaks, its fix and undo repair. */
  const onCommand = (command: string) => {
    if (command.includes('disable --now etcd')) faulty = true;
    if (command.includes('enable --now etcd')) faulty = false;
  };
  let clock = Date.parse('2026-02-01T10:00:00.000Z');
  const now = () => new Date((clock += 1000));
  const execAnswers: { code: number }[] = [];
  /** A copy that fails (the source file is missing), when set. */
  let copyFails: string | undefined;
  const model = createCourseModel({
    course,
    listHosts: async () => [
      { role: 'master', address: '10.77.0.10', port: 22, user: 'root', auth: 'password', hasSecret: true },
      { role: 'worker', address: '10.77.0.11', port: 22, user: 'root', auth: 'password', hasSecret: true },
    ],
    progress: () => progress,
    // Like the real store, a change lands after a turn of the event loop (the file write).
    updateProgress: async (change) => {
      await new Promise((r) => setTimeout(r, 0));
      change(progress);
    },
  });
  const outcome = (checkId: string) => (faulty && broken.has(checkId) ? 'fail' : outcomes.get(checkId) ?? 'pass');
  const results = (lessonId: string, ids: string[]): CheckResult[] => ids.map((checkId) => ({ lessonId, checkId, outcome: outcome(checkId), message: `${checkId} says why`, at: now().toISOString() }));
  const store = (rs: CheckResult[]) => {
    for (const r of rs) (progress.lessons[r.lessonId] ??= { checks: {}, blocks: {} }).checks[r.checkId] = { outcome: r.outcome, at: r.at, message: r.message };
    return rs;
  };
  const events = new EventBus();
  const notices: string[] = [];
  events.subscribe((name, payload) => {
    if (name === 'notice') notices.push((payload as { message: string }).message);
  });
  const service = createDrillService({
    model,
    events,
    now,
    access: {
      exec: async (role, command) => {
        // What progress says at the moment the command reaches the VM.
        log.push(`exec ${role}: ${command} [active=${progress.drills['etcd-stopped']?.active ? 'yes' : 'no'}]`);
        const code = execAnswers.shift()?.code ?? 0;
        if (code === 0) onCommand(command);
        return { code, stdout: '', stderr: '' };
      },
    },
    checkpoints: {
      runChecks: async (lessonId) => {
        log.push(`runChecks ${lessonId}`);
        return store(results(lessonId, model.lesson(lessonId).checks.map((c) => c.id)));
      },
      runBatch: async (lessonId, ids) => {
        log.push(`runBatch ${lessonId} ${ids.join(',')}`);
        return store(results(lessonId, ids));
      },
    },
    copy: async (from, to, items) => {
      log.push(`copy ${from} → ${to}: ${items.map((i) => `${i.path} ${i.mode?.toString(8) ?? 'as is'}`).join(', ')} [active=${progress.drills['etcd-stopped']?.active ? 'yes' : 'no'}]`);
      if (copyFails) throw new Error(copyFails);
      return items.map((i) => ({ path: i.path, size: 3, mode: i.mode ?? 0o644, sha256: 'ab'.repeat(32) }));
    },
    runInTerminal: async (role, text) => {
      log.push(`terminal ${role}: ${text}`);
      onCommand(text);
      return { lastExitCode: 0 };
    },
  });
  return { service, progress, log, outcomes, broken, execAnswers, notices, faulty: () => faulty, tick: (ms: number) => (clock += ms), failCopies: (why: string) => (copyFails = why) };
}

describe('starting a drill', () => {
  it('checks the lessons it needs afresh, records the drill, then injects, then runs its checks', async () => {
    const s = setup();
    await s.service.start('etcd-stopped');
    expect(s.log).toEqual([
      'runChecks etcd',
      'exec master: systemctl disable --now etcd # 10.77.0.10 [active=yes]',
      // A copy step carries the file between the VMs, with its variables filled in.
      'copy master → worker: /root/certificates/kube-worker.crt 600 [active=yes]',
      'runBatch etcd unit,port',
    ]);
    const active = s.progress.drills['etcd-stopped']?.active;
    expect(active?.injectedAt).toBeDefined();
    expect(active!.startedAt < active!.injectedAt!).toBe(true);
    expect(s.service.active()?.id).toBe('etcd-stopped');
    expect(s.progress.lessons.etcd?.checks.unit?.outcome).toBe('fail');
  });

  it('refuses while a lesson it needs has not passed, and breaks nothing', async () => {
    const s = setup();
    delete s.progress.lessons.etcd!.completedAt;
    await expect(s.service.start('etcd-stopped')).rejects.toThrow(/needs “etcd” passing first/);
    expect(s.log).toEqual([]);
    expect(s.progress.drills['etcd-stopped']).toBeUndefined();
  });

  it('refuses when the fresh check fails, and neither records nor injects', async () => {
    const s = setup();
    s.outcomes.set('port', 'fail');
    await expect(s.service.start('etcd-stopped')).rejects.toThrow(/does not pass right now \(port\)/);
    expect(s.log).toEqual(['runChecks etcd']);
    expect(s.progress.drills['etcd-stopped']?.active).toBeUndefined();
  });

  it('refuses a second drill while one is under way', async () => {
    const s = setup();
    await s.service.start('etcd-stopped');
    await expect(s.service.start('etcd-stopped')).rejects.toThrow(/still under way/);
  });

  it('keeps a drill whose injection failed as active, saying why, so that Undo is offered', async () => {
    const s = setup();
    s.execAnswers.push({ code: 5 });
    await s.service.start('etcd-stopped');
    const active = s.progress.drills['etcd-stopped']?.active;
    expect(active?.injectFailed).toMatch(/Breaking the cluster on kube-master exited with 5/);
    expect(s.log.some((l) => l.startsWith('runBatch'))).toBe(false);
  });

  it('keeps the drill active with the reason when a copy step fails', async () => {
    const s = setup();
    s.failCopies('/root/certificates/kube-worker.crt on kube-master: No such file');
    await s.service.start('etcd-stopped');
    expect(s.progress.drills['etcd-stopped']?.active?.injectFailed).toBe('Breaking the cluster: copying from kube-master to kube-worker failed: /root/certificates/kube-worker.crt on kube-master: No such file');
  });
});

describe('during a drill', () => {
  it('gives the hints one at a time, then what the failing checks say, and counts them', async () => {
    const s = setup();
    s.broken.delete('unit');
    await s.service.start('etcd-stopped');
    expect(await s.service.hints('etcd-stopped', false)).toEqual({ hints: [], more: true });
    expect(await s.service.hints('etcd-stopped', true)).toEqual({ hints: ['first'], more: true });
    expect(await s.service.hints('etcd-stopped', true)).toEqual({ hints: ['first', 'second'], more: true });
    expect(await s.service.hints('etcd-stopped', true)).toEqual({ hints: ['first', 'second'], more: false, checkMessages: ['check port: port says why'] });
    await s.service.hints('etcd-stopped', true);
    expect(s.progress.drills['etcd-stopped']?.active?.hintsUsed).toBe(3);
  });

  it('is solved when every proved check passed after the fault went in, with the time and hints kept', async () => {
    const s = setup();
    s.broken.delete('port');
    await s.service.start('etcd-stopped');
    await s.service.hints('etcd-stopped', true);
    await s.service.showAnswer('etcd-stopped');
    // port passed before the injection and after it; unit fails: not solved.
    await s.service.evaluate();
    expect(s.service.active()?.id).toBe('etcd-stopped');
    s.tick(120_000);
    await s.service.runBlock('etcd-stopped', 'fix');
    expect(s.service.active()).toBeUndefined();
    const [attempt] = s.progress.drills['etcd-stopped']!.attempts;
    expect(attempt).toMatchObject({ outcome: 'solved', hintsUsed: 1, answerShown: true });
    expect(attempt!.seconds).toBeGreaterThanOrEqual(120);
    expect(s.notices).toEqual(['“Nobody answers” solved: every check it broke passes again.']);
  });

  it('is solved once when two evaluations see the last check pass at the same time', async () => {
    const s = setup();
    await s.service.start('etcd-stopped');
    const later = '2026-03-01T00:00:00.000Z';
    for (const id of ['unit', 'port']) s.progress.lessons.etcd!.checks[id] = { outcome: 'pass', at: later };
    // As in core: a block's own evaluation and the one after a progress change.
    await Promise.all([s.service.evaluate(), s.service.evaluate()]);
    expect(s.progress.drills['etcd-stopped']?.attempts.map((a) => a.outcome)).toEqual(['solved']);
    expect(s.notices).toHaveLength(1);
  });

  it('runs a block of the explanation in the terminal, then checks the fix', async () => {
    const s = setup();
    await s.service.start('etcd-stopped');
    s.log.length = 0;
    expect(await s.service.runBlock('etcd-stopped', 'fix')).toEqual({ exitCode: 0 });
    // Solved: the lesson's other checks run again, so its state is current.
    expect(s.log).toEqual(['terminal master: systemctl enable --now etcd', 'runBatch etcd unit,port', 'runChecks etcd']);
    expect(s.progress.drills['etcd-stopped']?.attempts[0]?.outcome).toBe('solved');
  });

  it('runs a copy block of the explanation: the files go over, the terminal checks what arrived', async () => {
    const s = setup();
    await s.service.start('etcd-stopped');
    s.log.length = 0;
    await s.service.runBlock('etcd-stopped', 'carry');
    expect(s.log[0]).toBe('copy master → worker: /root/certificates/ca.crt as is [active=yes]');
    expect(s.log[1]).toMatch(/^terminal worker: # 1 file copied by the app from kube-master .*\n[\s\S]*sha256sum -c/);
  });
});

describe('undoing a drill', () => {
  it('runs the undo steps, records the try as undone and checks the lessons again', async () => {
    const s = setup();
    await s.service.start('etcd-stopped');
    s.log.length = 0;
    await s.service.undo('etcd-stopped');
    expect(s.faulty()).toBe(false);
    expect(s.log).toEqual(['exec master: systemctl enable --now etcd [active=yes]', 'runChecks etcd']);
    expect(s.progress.drills['etcd-stopped']).toMatchObject({ attempts: [{ outcome: 'undone' }] });
    expect(s.progress.drills['etcd-stopped']?.active).toBeUndefined();
  });

  it('keeps the drill active when an undo step fails', async () => {
    const s = setup();
    await s.service.start('etcd-stopped');
    s.execAnswers.push({ code: 1 });
    await expect(s.service.undo('etcd-stopped')).rejects.toThrow(/Undoing the fault on kube-master exited with 1.*stays active/);
    expect(s.progress.drills['etcd-stopped']?.active).toBeDefined();
  });

  it('refuses when no drill is under way', async () => {
    const s = setup();
    await expect(s.service.undo('etcd-stopped')).rejects.toThrow(/no fault to undo/);
  });
});

describe('the drill mask', () => {
  it('mutes the drill’s lessons and those built on them, and only those', () => {
    expect([...mutedLessons(course, drill)].sort()).toEqual(['api-server', 'etcd']);
    expect(mutedLessons(course, undefined).size).toBe(0);
  });

  it('shows pass or fail only for muted lessons, in stored results and in check events', () => {
    const at = '2026-01-01T00:00:00.000Z';
    const muted = mutedLessons(course, drill);
    const lessons = {
      etcd: { checks: { unit: { outcome: 'fail' as const, at, message: 'etcd.service is inactive (disabled)', warning: 'w' } }, blocks: {} },
      other: { checks: { x: { outcome: 'fail' as const, at, message: 'keeps its words' } }, blocks: {} },
    };
    const masked = maskLessons(lessons, muted);
    expect(masked.etcd?.checks.unit).toEqual({ outcome: 'fail', at, message: 'It fails (during a drill, checks say no more).' });
    expect(masked.other).toBe(lessons.other);
    const r: CheckResult = { lessonId: 'api-server', checkId: 'ready', outcome: 'fail', message: '[-]etcd failed', at, hint: 'check etcd', details: ['journal'] };
    expect(maskResult(r, muted)).toEqual({ lessonId: 'api-server', checkId: 'ready', outcome: 'fail', at, message: 'It fails (during a drill, checks say no more).' });
    expect(maskResult({ ...r, lessonId: 'other' }, muted)).toEqual({ ...r, lessonId: 'other' });
  });
});
