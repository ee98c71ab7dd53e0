// Checkpoint batches (what live checks run): merged into progress, written only when they
// change something, completing a lesson whose every check passes, and never bringing back
// results a reset cleared while they ran. The host is a fake HostAccess whose commands
// answer when the test says (no VM needed: the lab e2e runs the real thing).
import { describe, expect, it } from 'vitest';
import type { CheckSpec, Course, Lesson } from '../../../common/course';
import { emptyProgress, type ProgressFile } from '../../../common/progress';
import type { ExecResult } from '../checks/host-access';
import { fakeAccess } from '../checks/test-support';
import { createCourseModel } from '../course/course-model';
import { EventBus } from '../events';
import { createCheckpointService } from './checkpoint-service';

const cmd = (id: string): CheckSpec => ({ id, host: 'master', kind: 'command', run: `check ${id}`, expect: { exitCode: 0 } });
const lesson = (id: string, checks: CheckSpec[]): Lesson => ({ id, title: id, section: id, file: `${id}.md`, requires: [], checks, reset: [{ host: 'master', run: 'true' }], blocks: [], segments: [] });
const course: Course = {
  id: 'c', title: 'c', versions: {}, variables: {}, artifacts: [],
  hosts: [{ role: 'master', hostname: 'kube-master', minimum: { memoryMiB: 1, cpus: 1 } }],
  lessons: [lesson('etcd', [cmd('unit'), cmd('port')])],
};

function setup() {
  const progress: ProgressFile = emptyProgress();
  let writes = 0;
  const answers = new Map<string, number>([['unit', 0], ['port', 0]]);
  const held: (() => void)[] = [];
  let hold = false;
  const access = fakeAccess((command) => {
    const id = command.replace(/^.*check (\w+).*$/s, '$1');
    const result: ExecResult = { code: answers.get(id) ?? 0, stdout: '', stderr: '' };
    if (!hold) return result;
    return new Promise<ExecResult>((resolve) => held.push(() => resolve(result)));
  });
  const model = createCourseModel({
    course,
    listHosts: async () => [{ role: 'master', address: '10.77.0.10', port: 22, user: 'root', auth: 'password', hasSecret: true }],
    progress: () => progress,
    updateProgress: async (change) => {
      writes += 1;
      change(progress);
    },
  });
  const service = createCheckpointService({ model, events: new EventBus(), access, blocks: { runText: async () => ({ runId: '', terminalId: '', exitCode: 0, lastExitCode: 0, durationMs: 0, tail: '', output: '' }) } });
  return {
    service, progress, answers, writes: () => writes,
    hold: () => { hold = true; },
    release: async () => {
      hold = false;
      for (const r of held.splice(0)) r();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

describe('checkpoint batches', () => {
  it('merge into the stored results and complete the lesson once every check passes', async () => {
    const s = setup();
    s.answers.set('port', 1);
    await s.service.runChecks('etcd');
    expect(s.progress.lessons.etcd?.completedAt).toBeUndefined();
    s.answers.set('port', 0);
    await s.service.runBatch('etcd', ['port'], false);
    expect(Object.keys(s.progress.lessons.etcd?.checks ?? {})).toEqual(['unit', 'port']);
    expect(s.progress.lessons.etcd?.completedAt).toBeDefined();
  });

  it('write nothing when nothing changed, and write a regression', async () => {
    const s = setup();
    await s.service.runChecks('etcd');
    const before = s.writes();
    await s.service.runBatch('etcd', ['unit', 'port'], true);
    expect(s.writes()).toBe(before);
    s.answers.set('unit', 3);
    await s.service.runBatch('etcd', ['unit', 'port'], true);
    expect(s.writes()).toBe(before + 1);
    expect(s.progress.lessons.etcd?.checks.unit?.outcome).toBe('fail');
    expect(s.progress.lessons.etcd?.completedAt).toBeDefined();
  });

  it('in the background, drop the results of a lesson that is not passed', async () => {
    const s = setup();
    await s.service.runBatch('etcd', ['unit'], true);
    expect(s.progress.lessons.etcd).toBeUndefined();
  });

  it('never bring back the results of a lesson reset while the batch ran', async () => {
    const s = setup();
    await s.service.runChecks('etcd');
    s.hold();
    s.answers.set('unit', 3);
    const batch = s.service.runBatch('etcd', ['unit'], false);
    await new Promise((r) => setTimeout(r, 0));
    await s.service.reset('etcd');
    expect(s.progress.lessons.etcd).toBeUndefined();
    await s.release();
    await batch;
    expect(s.progress.lessons.etcd).toBeUndefined();
  });

  it('join a running Check my work instead of running the checks twice', async () => {
    const s = setup();
    s.hold();
    const full = s.service.runChecks('etcd');
    const batch = s.service.runBatch('etcd', ['port'], false);
    await new Promise((r) => setTimeout(r, 0));
    await s.release();
    expect((await batch).map((r) => r.checkId)).toEqual(['port']);
    expect((await full).map((r) => r.checkId)).toEqual(['unit', 'port']);
  });
});
