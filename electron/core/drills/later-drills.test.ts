// The drills past etcd (their components cannot run here) against recorded outputs, like
// the lessons they break (checkpoints/later-lessons.test.ts): each check a drill proves
// FAILS on what it sees while the fault is in (fixtures/faults.json, with sources: an exec
// output, files for the file reader, or a TLS server with recorded certificates) with the
// message recorded there, and PASSES on its good recording (the lessons' outputs.json),
// which is what the drill's fix restores. The drills up to etcd run for real on the lab's
// VMs instead (e2e/drills-lab.spec.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostSummary } from '../../../common/api';
import { variableValues } from '../../../common/variables';
import { loadCertificate } from '../checks/cert-info';
import { type Case, LATER, caseRunner, plain } from '../checkpoints/recorded-cases';
import { loadCourse } from '../lessons';
import { courseDrills } from '../lessons/course-drills';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const faults = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'faults.json'), 'utf8')) as Record<string, Record<string, Case>> & { README?: unknown };
delete faults.README;
const goods = JSON.parse(readFileSync(join(LATER, 'outputs.json'), 'utf8')) as Record<string, { good: Case }>;

const LAB_HOSTS: HostSummary[] = [
  { role: 'master', address: '10.77.0.10', port: 22, user: 'root', auth: 'password', hasSecret: true },
  { role: 'worker', address: '10.77.0.11', port: 22, user: 'root', auth: 'password', hasSecret: true },
];
const { course } = await loadCourse(join(ROOT, 'lessons'));
const values = variableValues(course, LAB_HOSTS);
const etcdAt = course.lessons.findIndex((l) => l.id === 'etcd');
const laterLesson = (id: string) => course.lessons.findIndex((l) => l.id === id) > etcdAt;
const later = courseDrills(course).filter((d) => d.requires.some(laterLesson));

// Certificates are judged inside the recorded certificates' window, as the lessons' test does.
const newest = loadCertificate(readFileSync(join(LATER, 'certs', 'kube-api.crt')), 'kube-api.crt');
if (!newest.ok) throw new Error(newest.message);
const cases = caseRunner(values, new Date(newest.value.notBefore.getTime() + 86_400_000));
afterAll(() => cases.close());

describe('drills past etcd, against recorded outputs', () => {
  it('the course has such drills, and every check they prove has its fault recorded', () => {
    expect(later.length).toBeGreaterThanOrEqual(7);
    const missing = later.flatMap((d) => d.proves.map((p) => `${d.id}: ${p.lessonId}/${p.checkId}`).filter((_, i) => !faults[d.id]?.[`${d.proves[i]!.lessonId}/${d.proves[i]!.checkId}`]));
    expect(missing).toEqual([]);
    expect(Object.keys(faults).filter((id) => !later.some((d) => d.id === id))).toEqual([]);
  });

  for (const drill of later) {
    describe(drill.id, () => {
      for (const { lessonId, checkId } of drill.proves) {
        it(`${lessonId}/${checkId} fails while the fault is in and passes once repaired`, async () => {
          const raw = course.lessons.find((l) => l.id === lessonId)?.checks.find((c) => c.id === checkId);
          if (!raw) throw new Error(`no check ${lessonId}/${checkId}`);
          const spec = cases.resolved(raw);
          const fault = faults[drill.id]?.[`${lessonId}/${checkId}`];
          const good = goods[`${lessonId}/${checkId}`]?.good;
          if (!fault || !good) throw new Error('no recording');
          expect(fault.source).toMatch(/\S/);
          const broken = await cases.run(spec, fault);
          expect(broken.unexpected).toEqual([]);
          expect(broken.r.outcome, broken.r.message).toBe('fail');
          expect(plain(broken.r.message)).toContain(plain(fault.message ?? ''));
          const repaired = await cases.run(spec, good);
          expect(repaired.unexpected).toEqual([]);
          expect(repaired.r.outcome, repaired.r.message).toBe('pass');
        });
      }
    });
  }
});
