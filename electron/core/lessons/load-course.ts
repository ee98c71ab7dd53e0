// Builds the course model from a lessons folder, with every problem found on the way.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Course, LeftOutLesson, Lesson, LessonProblem } from '../../../common/course';
import { readCourseFile } from './course-file';
import { lintLesson, lintRequires } from './lint-rules';
import { parseLesson, type ParsedLesson } from './parse-lesson';
import { loadDrills } from './load-drills';
import { assetsDirFor } from './course-dir';
import { problem, sortProblems } from './problems';
import { setCourseDrills } from './course-drills';

export interface LoadedCourse {
  course: Course;
  /** Every problem, sorted by file, line and column. */
  problems: LessonProblem[];
  /** Lesson files that could not load, in course order, with where they belong. */
  leftOut: LeftOutLesson[];
}

/**
 * Loads `lessonsDir/course.yaml` and its lessons (images from `assetsDir`, by default the
 * folder's own assets/ or else its sibling, see course-dir.ts). A lesson that cannot load (missing file,
 * invalid front matter or check, duplicate id) is left out of `course.lessons`; its problems
 * are reported. When course.yaml itself is missing or invalid, the course has no lessons.
 */
export async function loadCourse(lessonsDir: string, options: { assetsDir?: string } = {}): Promise<LoadedCourse> {
  const dir = path.resolve(lessonsDir);
  const assetsDir = options.assetsDir ?? (await assetsDirFor(dir));
  const courseFile = await readCourseFile(dir);
  const problems: LessonProblem[] = [...courseFile.problems];

  const parsed: ParsedLesson[] = [];
  const leftOut: LeftOutLesson[] = [];
  const texts = await Promise.all(courseFile.entries.map(async ({ entry }) => {
    const lessonPath = path.resolve(dir, entry);
    return { lessonPath, text: await readFile(lessonPath, 'utf8').catch(() => undefined) };
  }));
  for (const [i, { entry, at }] of courseFile.entries.entries()) {
    const { lessonPath, text } = texts[i] as { lessonPath: string; text?: string };
    if (text === undefined) {
      problems.push(problem(courseFile.file, at, 'missing-lesson-file', `lesson file ${entry} not found in ${path.relative(process.cwd(), dir) || '.'}`));
      continue;
    }
    // Between lessons, let the process serve what waits (the browser host serves the page
    // while core parses the course: one lesson is tens of ms, the whole course most of a second).
    if (i > 0) await nextTurn();
    const lesson = parseLesson({ entry, lessonPath, text, assetsDir });
    parsed.push(lesson);
    problems.push(...lesson.problems, ...lintLesson(lesson, courseFile.context));
  }
  const requires = lintRequires(parsed);
  problems.push(...requires.problems);

  const lessons: Lesson[] = [];
  let previous: string | undefined;
  const loaded = new Set<ParsedLesson>();
  for (const lesson of parsed) {
    const front = lesson.frontMatter;
    if (lesson.id !== undefined && !requires.duplicates.has(lesson)) {
      // A teardown page stands outside the order: it requires nothing by default, and the
      // lesson after it requires the one before it.
      const byDefault = previous && !front?.teardown ? [previous] : [];
      if (front && courseFile.course) {
        lessons.push(toLesson(lesson, front.requires ?? byDefault));
        loaded.add(lesson);
      }
      if (!front?.teardown) previous = lesson.id;
    }
  }
  // Each file that did not load keeps its place in the list: after the lessons before it.
  let position = 0;
  const byEntry = new Map(parsed.map((p) => [p.entry, p]));
  for (const { entry } of courseFile.entries) {
    const lesson = byEntry.get(entry);
    if (lesson && loaded.has(lesson)) position++;
    else if (courseFile.course) leftOut.push({ file: entry, position, ...(lesson?.title !== undefined ? { title: lesson.title } : {}) });
  }

  const source = courseFile.course;
  const course: Course = {
    id: source?.id ?? '',
    title: source?.title ?? '',
    ...(source?.description !== undefined ? { description: source.description } : {}),
    versions: source?.versions ?? {},
    variables: source?.variables ?? {},
    adjustable: (source?.adjustable ?? []).filter((name) => name in (source?.variables ?? {})),
    hosts: source?.hosts ?? [],
    artifacts: source?.artifacts ?? [],
    lessons,
  };
  if (courseFile.drillEntries.length > 0) {
    const drills = await loadDrills(dir, assetsDir, courseFile, lessons);
    setCourseDrills(course, drills.drills);
    problems.push(...drills.problems);
  }
  return { course, problems: sortProblems(problems), leftOut };
}

function toLesson(parsed: ParsedLesson, requires: string[]): Lesson {
  const front = parsed.frontMatter as NonNullable<ParsedLesson['frontMatter']>;
  return {
    id: front.id,
    title: front.title,
    section: front.section,
    ...(front.summary !== undefined ? { summary: front.summary } : {}),
    file: parsed.entry,
    requires,
    ...(front.builds !== undefined ? { builds: front.builds } : {}),
    ...(front.teardown ? { teardown: true as const } : {}),
    checks: parsed.checks,
    reset: front.reset,
    blocks: parsed.blocks.map((b) => b.block),
    segments: parsed.segments,
  };
}
