// What a reload of the course changed, for the learner: which checks are no longer the
// ones whose results are stored (changed or removed), so those results can be cleared.
import { isDeepStrictEqual } from 'node:util';
import type { Course, Lesson } from '../../../common/course';

export interface ChangedChecks {
  lessonId: string;
  checkIds: string[];
}

/**
 * Checks of each lesson in `after` that differ from, or were dropped since, the last version
 * of that lesson that loaded (`known`). A lesson left out for a while (a typo in its front
 * matter) is compared with its last good version when it comes back, so a check edited
 * meanwhile still counts as changed, and one that did not change keeps its result.
 */
export function changedChecks(known: ReadonlyMap<string, Lesson>, after: Course): ChangedChecks[] {
  const changed: ChangedChecks[] = [];
  for (const lesson of after.lessons) {
    const before = known.get(lesson.id);
    if (!before) continue;
    const checkIds = before.checks
      .filter((check) => !isDeepStrictEqual(check, lesson.checks.find((c) => c.id === check.id)))
      .map((check) => check.id);
    if (checkIds.length > 0) changed.push({ lessonId: lesson.id, checkIds });
  }
  return changed;
}

/** "checks etcd-healthy (Configure etcd) and ca-key (…)": for the reload message. */
export function describeChangedChecks(changed: ChangedChecks[], course: Course): string {
  const parts = changed.map(({ lessonId, checkIds }) => {
    const title = course.lessons.find((l) => l.id === lessonId)?.title ?? lessonId;
    return `${checkIds.join(', ')} (${title})`;
  });
  return parts.join('; ');
}
