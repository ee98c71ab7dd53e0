// The course model's rules: lesson and block lookup, the one fallback for `any`, variables
// from the learner's hosts and settings, and progress entries made in one place.
import { describe, expect, it } from 'vitest';
import type { HostSummary } from '../../../common/api';
import type { Course, Lesson } from '../../../common/course';
import type { ApiError } from '../../../common/errors';
import { type ProgressFile, emptyProgress } from '../../../common/progress';
import { rejectionOf } from '../../../test/rejection';
import { createCourseModel, describeMissing, lessonEntry, markCompleted } from './course-model';

const lesson = (id: string, blockIds: string[] = []): Lesson => ({
  id, title: id.toUpperCase(), section: id, file: `${id}.md`, requires: [], checks: [], reset: [], segments: [],
  blocks: blockIds.map((b, i) => ({ id: b, lessonId: id, host: 'any', lang: 'bash', code: 'true', line: i + 1, variables: [] })),
});

const course: Course = {
  id: 'c', title: 'C', versions: { etcd: '3.5.6' }, variables: { certDir: '/etc/k8s' }, artifacts: [],
  hosts: [
    { role: 'master', hostname: 'kube-master', minimum: { memoryMiB: 1, cpus: 1 } },
    { role: 'worker', hostname: 'kube-worker', minimum: { memoryMiB: 1, cpus: 1 } },
  ],
  lessons: [lesson('one', ['a', 'b']), lesson('two'), lesson('three')],
};

function model(hosts: HostSummary[] = [], progress: ProgressFile = emptyProgress()) {
  const changes: ProgressFile[] = [];
  const m = createCourseModel({
    course,
    listHosts: async () => hosts,
    progress: () => progress,
    updateProgress: async (change) => {
      change(progress);
      changes.push(structuredClone(progress));
    },
  });
  return { m, progress, changes };
}

const master: HostSummary = { role: 'master', address: 'vm1.example', privateIp: '10.0.0.5', port: 22, user: 'root', auth: 'password', hasSecret: true };

describe('course model', () => {
  it('finds lessons and blocks, or fails with NOT_FOUND naming what is missing', () => {
    const { m } = model();
    expect(m.lesson('two').title).toBe('TWO');
    expect(m.block(m.lesson('one'), 'b').line).toBe(2);
    expect(() => m.lesson('nine')).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: 'no lesson "nine" in this course' }));
    expect(() => m.block(m.lesson('one'), 'z')).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: 'no block "z" in lesson "one"' }));
  });

  it('lists the lessons before one, in order', () => {
    const { m } = model();
    expect(m.lessonsBefore('three').map((l) => l.id)).toEqual(['one', 'two']);
    expect(m.lessonsBefore('one')).toEqual([]);
    expect(() => m.lessonsBefore('nine')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('runs `any` on the first host and names machines by the course', () => {
    const { m } = model();
    expect(m.role('any')).toBe('master');
    expect(m.role('worker')).toBe('worker');
    expect(m.role('local')).toBe('local');
    expect(m.hostname('worker')).toBe('kube-worker');
    expect(m.hostname('local')).toBe('this computer');
  });

  it('resolves variables from the hosts and the course, or says what is missing and where to fix it', async () => {
    const { m } = model([master]);
    await expect(m.resolve('etcd {{versions.etcd}} on {{master.ip}} in {{certDir}}', 'x')).resolves.toBe('etcd 3.5.6 on 10.0.0.5 in /etc/k8s');
    const err = await rejectionOf<ApiError>(m.resolve('ssh {{worker.user}}@{{worker.ip}}', '"Join"'));
    expect(err.code).toBe('FAILED_PRECONDITION');
    expect(err.message).toBe('"Join" cannot run yet: {{worker.user}} not set yet (set it in Hosts); {{worker.ip}} not set yet (set it in Hosts).');
  });

  it('takes an override of a version from the settings', async () => {
    const progress = emptyProgress();
    progress.settings.variableOverrides['versions.etcd'] = '3.4.23';
    const { m } = model([], progress);
    expect((await m.values()).get('versions.etcd')).toMatchObject({ value: '3.4.23', source: 'settings → override' });
  });

  it('creates a lesson entry only when it is missing, and keeps the first completion time', async () => {
    const { m, progress, changes } = model();
    await m.updateLesson('two', (e) => {
      e.blocks.x = { exitCode: 0, at: 't0' };
    });
    await m.updateLesson('two', markCompleted);
    const first = progress.lessons.two?.completedAt;
    await m.updateLesson('two', markCompleted);
    expect(changes).toHaveLength(3);
    expect(progress.lessons.two).toEqual({ checks: {}, blocks: { x: { exitCode: 0, at: 't0' } }, completedAt: first });
    expect(typeof first).toBe('string');
  });

  it('says a missing variable in the learner\'s words', () => {
    const draft = emptyProgress();
    expect(lessonEntry(draft, 'one')).toBe(draft.lessons.one);
    expect(describeMissing({ name: 'master.ip', kind: 'ip', source: 'Hosts', problem: '"x" is not an IPv4 address' })).toBe('{{master.ip}} "x" is not an IPv4 address');
    expect(describeMissing({ name: 'a', kind: 'text', source: 'nowhere' })).toBe('{{a}} is not set');
  });
});
