// Course navigation, derived from the course and progress. Pure.
import { type Course, type Lesson, SPECIAL_HOSTS, hostnameOf } from '../../../common/course';
import type { ProgressView } from '../../../common/progress';

export function lessonIndex(course: Course, lessonId: string | null): number {
  return lessonId === null ? -1 : course.lessons.findIndex((l) => l.id === lessonId);
}

export function neighbours(course: Course, lessonId: string | null): { previous?: Lesson; next?: Lesson } {
  const i = lessonIndex(course, lessonId);
  if (i < 0) return {};
  return { previous: course.lessons[i - 1], next: course.lessons[i + 1] };
}

/** The lesson to show at start: the remembered one, else the first unfinished open one, else the first. */
export function initialLessonId(course: Course, progress: ProgressView | null): string | null {
  const remembered = progress?.settings.lastLessonId;
  if (remembered && course.lessons.some((l) => l.id === remembered)) return remembered;
  const open = course.lessons.find((l) => progress?.states[l.id] === 'open');
  return open?.id ?? course.lessons[0]?.id ?? null;
}

/** The lessons that must be finished before `lesson` unlocks, in course order. */
export function blockingLessons(course: Course, lesson: Lesson, progress: ProgressView | null): Lesson[] {
  const unfinished = new Set(lesson.requires.filter((id) => !progress?.lessons[id]?.completedAt));
  return course.lessons.filter((l) => unfinished.has(l.id));
}

/** Words for a block's or check's target: the course host, or the special roles. */
export function describeHost(course: Course, role: string): { role: string; hostname: string; known: boolean } {
  const known = course.hosts.some((h) => h.role === role) || (SPECIAL_HOSTS as readonly string[]).includes(role);
  return { role, hostname: known ? hostnameOf(course, role) : 'unknown host', known };
}

/** "“A”", "“A” and “B”", "“A”, “B” and “C”". */
export function listTitles(titles: readonly string[]): string {
  const quoted = titles.map((t) => `“${t}”`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** A colour slot for a host role: the course's hosts take slots 1…6 in order; `local` and `any` have their own. */
export function hostTone(course: Course, role: string): string {
  if (role === 'local' || role === 'any') return role;
  const i = course.hosts.findIndex((h) => h.role === role);
  return i < 0 ? 'unknown' : String((i % 6) + 1);
}
