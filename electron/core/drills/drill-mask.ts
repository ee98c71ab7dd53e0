// While a drill is under way, what the checks of its lessons say would give the cause away:
// they show pass or fail only (stored results in the progress view, and check:result
// events), and a live regression of those lessons raises no notice. The lessons are the
// drill's own (requires and proved checks) and every lesson built on them.
import type { CheckResult } from '../../../common/api';
import type { Course } from '../../../common/course';
import { type Drill, drillLessons } from '../../../common/drill';
import type { LessonProgress } from '../../../common/progress';
import { dependentsOf } from '../checkpoints/checkpoint-service';

export function mutedLessons(course: Course, drill: Drill | undefined): Set<string> {
  if (!drill) return new Set();
  const own = drillLessons(drill);
  return new Set([...own, ...own.flatMap((id) => dependentsOf(course, id))]);
}

const WORDS: Record<string, string> = { pass: 'passes', fail: 'fails', timeout: 'fails', unreachable: 'cannot be checked', error: 'cannot be checked' };

/** The lessons' progress with the muted lessons' check messages replaced by pass or fail. */
export function maskLessons(lessons: Record<string, LessonProgress>, muted: ReadonlySet<string>): Record<string, LessonProgress> {
  if (muted.size === 0) return lessons;
  const out: Record<string, LessonProgress> = {};
  for (const [id, entry] of Object.entries(lessons)) {
    out[id] = !muted.has(id) ? entry : {
      ...entry,
      checks: Object.fromEntries(Object.entries(entry.checks).map(([checkId, r]) => [checkId, { outcome: r.outcome, at: r.at, message: maskedMessage(r.outcome) }])),
    };
  }
  return out;
}

export function maskResult(r: CheckResult, muted: ReadonlySet<string>): CheckResult {
  if (!muted.has(r.lessonId)) return r;
  return { lessonId: r.lessonId, checkId: r.checkId, outcome: r.outcome, at: r.at, message: maskedMessage(r.outcome), ...(r.durationMs !== undefined ? { durationMs: r.durationMs } : {}) };
}

function maskedMessage(outcome: string): string {
  return `It ${WORDS[outcome] ?? outcome} (during a drill, checks say no more).`;
}
