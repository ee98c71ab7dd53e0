// Drills load with the course: a valid one with every field, a broken one left out (its
// problems are lint-course.test.ts's), and the real course's drills all valid, each naming
// checks that exist in lessons it requires.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { drillsAfter } from '../../../common/drill';
import { courseDrills } from './course-drills';
import { loadCourse } from './index';
import { fixtureLessons } from './test-support';

const ROOT = path.join(import.meta.dirname, '..', '..', '..');

describe('drills in a course', () => {
  it('loads a valid drill with its symptom, checks, steps, hints and the fix as blocks', async () => {
    const { course } = await loadCourse(fixtureLessons('drills'));
    expect(course.drills?.map((d) => d.id)).toEqual(['etcd-stopped']);
    // The course carries the summary; the whole drill stays beside it, in core.
    expect(course.drills).toEqual([{ id: 'etcd-stopped', title: 'Nobody answers on 2379', file: 'drills/01-good.md', requires: ['etcd'], symptom: 'etcdctl says connection refused.', proves: [{ lessonId: 'etcd', checkId: 'etcd-running' }, { lessonId: 'etcd', checkId: 'etcd-healthy' }], hintCount: 2, machines: ['master', 'worker'] }]);
    const d = courseDrills(course)[0]!;
    expect(d).toMatchObject({
      title: 'Nobody answers on 2379',
      file: 'drills/01-good.md',
      requires: ['etcd'],
      symptom: 'etcdctl says connection refused.',
      proves: [{ lessonId: 'etcd', checkId: 'etcd-running' }, { lessonId: 'etcd', checkId: 'etcd-healthy' }],
      inject: [{ host: 'master', run: 'systemctl disable --now etcd' }, { host: 'worker', from: 'master', copy: '{{certDir}}/etcd.crt 0600\n' }],
      undo: [{ host: 'master', run: 'systemctl enable --now etcd' }],
      hints: ['Is anything listening?', 'Ask systemd.'],
    });
    expect(d.blocks.map((b) => [b.id, b.host, b.code])).toEqual([['etcd-stopped-1', 'master', 'systemctl enable --now etcd']]);
    expect(d.segments.map((s) => s.kind)).toEqual(['markdown', 'block']);
    // A lesson of the course ends with the drills that need it.
    expect(drillsAfter(course.drills!, 'etcd').map((x) => x.id)).toEqual(['etcd-stopped']);
  });

  it('a course without drills has none (and its lessons load as before)', async () => {
    const { course } = await loadCourse(fixtureLessons('clean'));
    expect(course.drills).toBeUndefined();
  });

  it('every component lesson up to CoreDNS ends with a drill that breaks what it built', async () => {
    const { course } = await loadCourse(path.join(ROOT, 'lessons'));
    const upTo = course.lessons.findIndex((l) => l.id === 'coredns');
    const components = course.lessons.slice(0, upTo + 1).filter((l) => l.builds);
    expect(components.length).toBeGreaterThanOrEqual(12);
    expect(components.filter((l) => drillsAfter(course.drills ?? [], l.id).length === 0).map((l) => l.id)).toEqual([]);
  });

  it('the real course has at least 10 drills, all valid, on lessons it has', async () => {
    const { course, problems } = await loadCourse(path.join(ROOT, 'lessons'));
    expect(problems.filter((p) => p.file.includes('drills'))).toEqual([]);
    const drills = courseDrills(course);
    expect(drills.length).toBeGreaterThanOrEqual(10);
    for (const d of drills) {
      for (const p of d.proves) {
        expect(d.requires, `${d.id} proves ${p.lessonId}/${p.checkId}`).toContain(p.lessonId);
        expect(course.lessons.find((l) => l.id === p.lessonId)?.checks.some((c) => c.id === p.checkId), `${d.id}: ${p.lessonId}/${p.checkId}`).toBe(true);
      }
      // A symptom is what a user sees, never the fix: it does not quote the fix's commands.
      for (const b of d.blocks) for (const line of b.code.split('\n').filter((l) => l.trim().length > 25)) expect(d.symptom, d.id).not.toContain(line.trim());
    }
  });
});
