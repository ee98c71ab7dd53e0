// Live checkpoints' rules that core (which schedules the checks) and the renderer (which
// explains them) share: which checks may run in the background, and which failing lesson
// is the cause of another's failure. Pure.
import type { CheckSpec, Course, Lesson } from './course';
import type { LessonProgress, LessonState } from './progress';

/** A check with a longer deadline than this never runs in the background. */
export const WATCH_MAX_TIMEOUT_SECONDS = 15;
/** The deadline of a check without timeoutSeconds (the check engine's default). */
export const DEFAULT_CHECK_TIMEOUT_SECONDS = 15;

// A URL whose host is not this machine, a private address, or a course variable.
const URL_HOST = /\bhttps?:\/\/([^/\s:'"]+)/g;
const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[?::1\]?|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|\{\{.*)$/;

/** The check reaches a machine on the internet (a download, a public URL): never watched. */
export function needsInternet(spec: CheckSpec): boolean {
  if (spec.kind !== 'command') return false;
  for (const m of spec.run.matchAll(URL_HOST)) if (!LOCAL_HOST.test(m[1] as string)) return true;
  return false;
}

/** Why a check is left out of background re-checks, or undefined when it is watched. */
export function unwatchedReason(spec: CheckSpec): string | undefined {
  if (spec.watch === false) return 'marked watch: false';
  const timeout = spec.timeoutSeconds ?? DEFAULT_CHECK_TIMEOUT_SECONDS;
  if (timeout > WATCH_MAX_TIMEOUT_SECONDS) return `its timeout is ${timeout} s (over ${WATCH_MAX_TIMEOUT_SECONDS} s)`;
  if (needsInternet(spec)) return 'it needs the internet';
  return undefined;
}

export function isWatched(spec: CheckSpec): boolean {
  return unwatchedReason(spec) === undefined;
}

const FAILED = new Set(['fail', 'timeout']);

/** A lesson's own checks fail now (its stored results; 'not reached' is not a failure). */
export function failsNow(progress: LessonProgress | undefined): boolean {
  return Object.values(progress?.checks ?? {}).some((c) => FAILED.has(c.outcome));
}

/**
 * The cause chain of a lesson: the lesson itself, then requirement after requirement down
 * to the earliest failing one. Each step follows the earliest (in course order) failing
 * lesson among the requirements, directly or through lessons that pass. Just [lessonId]
 * when no requirement fails.
 */
export function causeChain(course: Pick<Course, 'lessons'>, lessons: Record<string, LessonProgress>, lessonId: string): string[] {
  const byId = new Map(course.lessons.map((l) => [l.id, l]));
  const order = new Map(course.lessons.map((l, i) => [l.id, i]));
  const chain = [lessonId];
  const seen = new Set(chain);
  let current = byId.get(lessonId);
  while (current) {
    const next = earliestFailingRequirement(current, byId, order, lessons, seen);
    if (!next) break;
    chain.push(next.id);
    seen.add(next.id);
    current = next;
  }
  return chain;
}

/** The earliest failing lesson this one requires, directly or through passing lessons. */
function earliestFailingRequirement(
  lesson: Lesson,
  byId: Map<string, Lesson>,
  order: Map<string, number>,
  lessons: Record<string, LessonProgress>,
  seen: Set<string>,
): Lesson | undefined {
  const visited = new Set<string>();
  const failing: Lesson[] = [];
  const walk = (l: Lesson) => {
    for (const id of l.requires) {
      if (visited.has(id) || seen.has(id)) continue;
      visited.add(id);
      const r = byId.get(id);
      if (!r) continue;
      if (failsNow(lessons[id])) failing.push(r);
      else walk(r);
    }
  };
  walk(lesson);
  failing.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return failing[0];
}

/** The root of a lesson's cause chain when it is not the lesson itself. */
export function rootCause(course: Pick<Course, 'lessons'>, lessons: Record<string, LessonProgress>, lessonId: string): string | undefined {
  const chain = causeChain(course, lessons, lessonId);
  return chain.length > 1 ? chain.at(-1) : undefined;
}

/** A lesson that passed (or fails now) whose requirements fail: flagged, even if its own checks pass. */
export function flaggedByRequirement(course: Pick<Course, 'lessons'>, lessons: Record<string, LessonProgress>, states: Record<string, LessonState>, lessonId: string): boolean {
  const state = states[lessonId];
  return (state === 'passed' || state === 'failing') && rootCause(course, lessons, lessonId) !== undefined;
}

/** The lesson's number in the course (1-based), for "etcd (lesson 8)". */
export function lessonNumber(course: Pick<Course, 'lessons'>, lessonId: string): number {
  return course.lessons.findIndex((l) => l.id === lessonId) + 1;
}

/** The first failing check of a lesson with its title and message, in the lesson's order. */
export function firstFailingCheck(lesson: Pick<Lesson, 'checks'>, progress: LessonProgress | undefined): { checkId: string; title: string; message: string } | undefined {
  for (const spec of lesson.checks) {
    const r = progress?.checks[spec.id];
    if (r && FAILED.has(r.outcome)) return { checkId: spec.id, title: spec.title ?? spec.id, message: r.message ?? 'it fails' };
  }
  return undefined;
}

/**
 * The cause first: "The API server's checks fail because etcd (lesson 8) fails: …", or
 * for a lesson whose own checks pass, "… may not work: it builds on …". Undefined when no
 * requirement fails.
 */
export function explainCause(course: Pick<Course, 'lessons'>, lessons: Record<string, LessonProgress>, lessonId: string): string | undefined {
  const chain = causeChain(course, lessons, lessonId);
  if (chain.length < 2) return undefined;
  const byId = new Map(course.lessons.map((l) => [l.id, l]));
  const lesson = byId.get(lessonId);
  const root = byId.get(chain.at(-1) as string);
  if (!lesson || !root) return undefined;
  const failure = firstFailingCheck(root, lessons[root.id]);
  const cause = `“${root.title}” (lesson ${lessonNumber(course, root.id)}) fails${failure ? `: ${failure.title} — ${failure.message}` : ''}`;
  const via = chain.slice(1, -1).map((id) => `“${byId.get(id)?.title ?? id}”`);
  const through = via.length ? ` (through ${via.join(', ')})` : '';
  return failsNow(lessons[lessonId])
    ? `“${lesson.title}” fails because ${cause}${through}. Fix that first.`
    : `“${lesson.title}” builds on ${cause}${through}. Its own checks pass, but fix that first.`;
}
