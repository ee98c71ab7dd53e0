import { describe, expect, it } from 'vitest';
import type { CommandBlock, Course, Lesson } from '../../../common/course';
import { progressLessons } from '../../../common/course';
import { variableMap } from './block-variables';
import { hostList, teardownPlan } from './teardown-plan';

const block = (id: string, host: string, code: string, title?: string): CommandBlock => ({
  id, lessonId: 'down', host, lang: 'bash', code, line: 1, variables: [], ...(title ? { title } : {}),
});
const lesson: Lesson = {
  id: 'down', title: 'Take it all down', section: 'Clean up', file: 'down.md', requires: [], teardown: true, checks: [], reset: [], segments: [],
  blocks: [
    block('w1', 'worker', 'systemctl disable --now kubelet', 'Remove the kubelet'),
    block('m1', 'master', 'rm -rf {{certDir}}\nip route del {{workerPodCidr}}', 'Remove the control plane'),
    block('w2', 'worker', 'rm -rf {{certDir}} {{worker.ip}}'),
    block('a1', 'any', 'echo first host'),
  ],
};
const course = {
  hosts: [{ role: 'master', hostname: 'kube-master' }, { role: 'worker', hostname: 'kube-worker' }],
  lessons: [lesson],
} as unknown as Course;
const values = variableMap([
  { name: 'certDir', kind: 'text', value: '/root/certificates', source: 'course.yaml' },
  { name: 'workerPodCidr', kind: 'text', value: '10.200.1.0/24', source: 'course.yaml' },
  { name: 'worker.ip', kind: 'ip', source: 'Hosts → worker → address', problem: 'not set yet', fix: 'hosts' },
]);

describe('teardownPlan', () => {
  it('groups every block by the machine it runs on, in the order the machines first appear, values filled in', () => {
    const plan = teardownPlan(course, lesson, values);
    expect(plan.map((h) => [h.role, h.hostname, h.steps.map((s) => s.blockId)])).toEqual([
      ['worker', 'kube-worker', ['w1', 'w2']],
      ['master', 'kube-master', ['m1', 'a1']], // `any` is the course's first host
    ]);
    expect(plan[1]!.steps[0]).toEqual({ blockId: 'm1', title: 'Remove the control plane', text: 'rm -rf /root/certificates\nip route del 10.200.1.0/24', missing: [] });
  });

  it('shows a block as written, naming what is missing, while a value is not set; names untitled blocks by machine', () => {
    const w2 = teardownPlan(course, lesson, values)[0]!.steps[1]!;
    expect(w2).toEqual({ blockId: 'w2', title: 'Commands for kube-worker', text: 'rm -rf {{certDir}} {{worker.ip}}', missing: ['worker.ip'] });
  });

  it('shows every block as written while the values load', () => {
    expect(teardownPlan(course, lesson, null).flatMap((h) => h.steps.map((s) => s.text))).toEqual(lesson.blocks.filter((b) => b.host === 'worker').concat(lesson.blocks.filter((b) => b.host !== 'worker')).map((b) => b.code));
  });

  it('names the machines for the confirmation', () => {
    const plan = teardownPlan(course, lesson, values);
    expect(hostList(plan)).toBe('kube-worker and kube-master');
    expect(hostList(plan.slice(0, 1))).toBe('kube-worker');
  });
});

describe('progressLessons', () => {
  it('leaves out teardown pages', () => {
    const other = { ...lesson, id: 'etcd', teardown: undefined };
    expect(progressLessons([other, lesson]).map((l) => l.id)).toEqual(['etcd']);
  });
});
