// The cause first, on the REAL course: which failing lesson explains another's failure,
// with results that real checks produce from recorded outputs (systemd units of a lab VM,
// fixtures/recorded), and the notice the learner gets.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Lesson } from '../../../common/course';
import { causeChain, explainCause, flaggedByRequirement, rootCause } from '../../../common/live-checks';
import { lessonStates } from '../../../common/lesson-state';
import type { LessonProgress } from '../../../common/progress';
import { runLessonChecks } from '../checks/engine';
import { fakeAccess, recorded, withNonce } from '../checks/test-support';
import { loadCourse } from '../lessons';
import { dependentsOf } from './checkpoint-service';
import { liveNotice } from './live-notices';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const { course } = await loadCourse(join(ROOT, 'lessons'));
const lesson = (id: string) => course.lessons.find((l) => l.id === id) as Lesson;
const AT = '2026-12-05T12:00:00.000Z';

/** A lesson that passed once: every check passed. */
function passed(id: string): LessonProgress {
  return { completedAt: AT, blocks: {}, checks: Object.fromEntries(lesson(id).checks.map((c) => [c.id, { outcome: 'pass' as const, at: AT }])) };
}

/** A passed lesson whose systemd check now reads the recorded output of a failed unit. */
async function failedUnit(id: string, checkId: string): Promise<LessonProgress> {
  const spec = lesson(id).checks.find((c) => c.id === checkId);
  if (!spec || spec.kind !== 'systemd') throw new Error(`${id}/${checkId} is not a systemd check`);
  const [result] = await runLessonChecks([spec], fakeAccess((cmd) => withNonce(recorded('systemd-failed'), cmd)));
  const entry = passed(id);
  entry.checks[checkId] = { outcome: result?.outcome ?? 'error', at: AT, message: result?.message ?? '' };
  return entry;
}

const through = (last: string) => course.lessons.slice(0, course.lessons.indexOf(lesson(last)) + 1).map((l) => l.id);

describe('the cause chain on the real course', async () => {
  const lessons: Record<string, LessonProgress> = {};
  for (const id of through('scheduler')) lessons[id] = passed(id);
  lessons.etcd = await failedUnit('etcd', 'etcd-service');
  lessons['api-server'] = await failedUnit('api-server', 'apiserver-service');
  lessons['controller-manager'] = await failedUnit('controller-manager', 'kcm-running');

  it('the recorded failed unit fails the real checks', () => {
    expect(lessons.etcd?.checks['etcd-service']?.outcome).toBe('fail');
    expect(lessonStates(course, lessons)).toMatchObject({ etcd: 'failing', 'api-server': 'failing', 'controller-manager': 'failing', 'admin-kubeconfig': 'passed' });
  });

  it('follows requires down to the earliest failing lesson, through lessons that pass', () => {
    // controller-manager requires admin-kubeconfig (passes), which requires the API server.
    expect(causeChain(course, lessons, 'controller-manager')).toEqual(['controller-manager', 'api-server', 'etcd']);
    expect(causeChain(course, lessons, 'api-server')).toEqual(['api-server', 'etcd']);
    expect(causeChain(course, lessons, 'etcd')).toEqual(['etcd']);
    expect(rootCause(course, lessons, 'scheduler')).toBe('etcd');
  });

  it('leads with the cause', () => {
    const etcdMessage = lessons.etcd?.checks['etcd-service']?.message as string;
    expect(explainCause(course, lessons, 'api-server')).toBe(
      `“${lesson('api-server').title}” fails because “Configure etcd” (lesson 8) fails: etcd runs and starts at boot — ${etcdMessage}. Fix that first.`);
    expect(explainCause(course, lessons, 'controller-manager')).toContain(`(through “${lesson('api-server').title}”)`);
    expect(explainCause(course, lessons, 'etcd')).toBeUndefined();
  });

  it('flags a passed lesson whose requirement fails, and no lesson below the cause', () => {
    const states = lessonStates(course, lessons);
    expect(flaggedByRequirement(course, lessons, states, 'admin-kubeconfig')).toBe(true);
    expect(explainCause(course, lessons, 'admin-kubeconfig')).toMatch(/^“.+” builds on “Configure etcd” \(lesson 8\) fails: .+ Its own checks pass, but fix that first\.$/);
    expect(flaggedByRequirement(course, lessons, states, 'certificate-authority')).toBe(false);
  });

  it('the notice for a regression names the cause first and the lessons built on it', () => {
    const api = liveNotice(course, lessons, 'api-server', 'passed', 'failing', dependentsOf(course, 'api-server'));
    expect(api?.level).toBe('warning');
    expect(api?.lessonId).toBe('api-server');
    expect(api?.message).toMatch(/ fails because “Configure etcd” \(lesson 8\) fails: etcd runs and starts at boot — /);
    const etcd = liveNotice(course, lessons, 'etcd', 'passed', 'failing', dependentsOf(course, 'etcd'));
    expect(etcd?.message).toMatch(/^“Configure etcd” \(lesson 8\) passed before but fails now: etcd runs and starts at boot — .+ Lessons built on it may stop working too: “/);
    expect(liveNotice(course, lessons, 'etcd', 'failing', 'passed', [])?.message).toBe('“Configure etcd” (lesson 8) passes again: every check passes.');
  });
});
