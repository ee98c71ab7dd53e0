// The drills past etcd (their components cannot run here) against recorded outputs, like
// the lessons they break (checkpoints/later-lessons.test.ts): each check a drill proves
// FAILS on what it sees while the fault is in (fixtures/faults.json, with sources) with
// the message recorded there, and PASSES on its good recording (the lessons' outputs.json),
// which is what the drill's fix restores. The drills up to etcd run for real on the lab's
// VMs instead (e2e/drills-lab.spec.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostSummary } from '../../../common/api';
import type { CheckSpec } from '../../../common/course';
import { variableValues } from '../../../common/variables';
import { resolveSpec } from '../checkpoints/checkpoint-service';
import { runLessonChecks } from '../checks/engine';
import { type ExecFixture, FIXTURES, caseOutput, expectedCommand, fakeAccess, withNonce } from '../checks/test-support';
import { loadCourse } from '../lessons';

const ROOT = join(import.meta.dirname, '..', '..', '..');
interface Case {
  source: string;
  message?: string;
  exec?: ExecFixture;
  recorded?: string;
}
const faults = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'faults.json'), 'utf8')) as Record<string, Record<string, Case>> & { README?: unknown };
delete faults.README;
const goods = JSON.parse(readFileSync(join(FIXTURES, 'later-lessons', 'outputs.json'), 'utf8')) as Record<string, { good: Case }>;

const LAB_HOSTS: HostSummary[] = [
  { role: 'master', address: '10.77.0.10', port: 22, user: 'root', auth: 'password', hasSecret: true },
  { role: 'worker', address: '10.77.0.11', port: 22, user: 'root', auth: 'password', hasSecret: true },
];
const { course } = await loadCourse(join(ROOT, 'lessons'));
const values = variableValues(course, LAB_HOSTS);
const etcdAt = course.lessons.findIndex((l) => l.id === 'etcd');
const laterLesson = (id: string) => course.lessons.findIndex((l) => l.id === id) > etcdAt;
const later = (course.drills ?? []).filter((d) => d.requires.some(laterLesson));

async function run(spec: CheckSpec, c: Case) {
  const unexpected: string[] = [];
  const access = fakeAccess((cmd) => {
    if (cmd !== expectedCommand(spec, cmd)) {
      unexpected.push(cmd);
      throw new Error(`no recorded output for: ${cmd}`);
    }
    return spec.kind === 'systemd' ? withNonce(caseOutput(c), cmd) : caseOutput(c);
  });
  const [r] = await runLessonChecks([spec], access);
  return { r: r!, unexpected };
}

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
          const spec = resolveSpec(raw, values).spec as CheckSpec;
          const fault = faults[drill.id]?.[`${lessonId}/${checkId}`];
          const good = goods[`${lessonId}/${checkId}`]?.good;
          if (!fault || !good) throw new Error('no recording');
          expect(fault.source).toMatch(/\S/);
          const broken = await run(spec, fault);
          expect(broken.unexpected).toEqual([]);
          expect(broken.r.outcome, broken.r.message).toBe('fail');
          expect(broken.r.message.replaceAll('\\"', '"')).toContain(fault.message ?? '');
          const repaired = await run(spec, good);
          expect(repaired.unexpected).toEqual([]);
          expect(repaired.r.outcome, repaired.r.message).toBe('pass');
        });
      }
    });
  }
});
