// What the learner is told when a live check changes a lesson's state: a lesson that
// passed fails now (the failing check, the cause first when a requirement fails too, and
// the lessons that build on it), passes again, or passed by itself.
import type { ApiEvents } from '../../../common/api';
import type { Course } from '../../../common/course';
import { explainCause, firstFailingCheck, lessonNumber } from '../../../common/live-checks';
import type { LessonProgress, LessonState } from '../../../common/progress';

export function liveNotice(
  course: Course,
  lessons: Record<string, LessonProgress>,
  lessonId: string,
  from: LessonState,
  to: LessonState,
  dependents: readonly string[],
): ApiEvents['notice'] | undefined {
  const lesson = course.lessons.find((l) => l.id === lessonId);
  if (!lesson) return undefined;
  const name = `“${lesson.title}” (lesson ${lessonNumber(course, lessonId)})`;
  if (to === 'failing') {
    const cause = explainCause(course, lessons, lessonId);
    const failure = firstFailingCheck(lesson, lessons[lessonId]);
    const own = failure ? sentence(`${failure.title} — ${failure.message}`) : 'one of its checks fails.';
    const built = dependents.filter((id) => lessons[id]?.completedAt).map((id) => `“${course.lessons.find((l) => l.id === id)?.title ?? id}”`);
    const onTop = built.length ? ` ${built.length === 1 ? 'A lesson' : 'Lessons'} built on it may stop working too: ${built.join(', ')}.` : '';
    const message = cause ? `${cause} Here: ${own}` : `${name} passed before but fails now: ${own}${onTop}`;
    return { level: 'warning', message, lessonId };
  }
  if (from === 'failing' && to === 'passed') return { level: 'info', message: `${name} passes again: every check passes.`, lessonId };
  if (from === 'open' && to === 'passed') return { level: 'info', message: `${name} passed: every check passes.`, lessonId };
  return undefined;
}

/** Ends a message with a full stop unless it already ends a sentence. */
function sentence(text: string): string {
  return /[.!?…]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}
