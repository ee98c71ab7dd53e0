// Builds the course model from a lessons folder, with every problem found on the way.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Course, Lesson, LessonProblem } from '../../../common/course';
import { readCourseFile } from './course-file';
import { lintLesson, lintRequires } from './lint-rules';
import { parseLesson, type ParsedLesson } from './parse-lesson';
import { resolveAssetsDir } from './paths';
import { problem, sortProblems } from './problems';

export interface LoadedCourse {
  course: Course;
  /** Every problem, sorted by file, line and column. */
  problems: LessonProblem[];
}

/**
 * Loads `lessonsDir/course.yaml` and its lessons. A lesson that cannot load (missing file,
 * invalid front matter or check, duplicate id) is left out of `course.lessons`; its problems
 * are reported. When course.yaml itself is missing or invalid, the course has no lessons.
 */
export async function loadCourse(lessonsDir: string): Promise<LoadedCourse> {
  const dir = path.resolve(lessonsDir);
  const assetsDir = resolveAssetsDir(dir);
  const courseFile = await readCourseFile(dir);
  const problems: LessonProblem[] = [...courseFile.problems];

  const parsed: ParsedLesson[] = [];
  const texts = await Promise.all(courseFile.entries.map(async ({ entry }) => {
    const lessonPath = path.resolve(dir, entry);
    return { lessonPath, text: await readFile(lessonPath, 'utf8').catch(() => undefined) };
  }));
  courseFile.entries.forEach(({ entry, at }, i) => {
    const { lessonPath, text } = texts[i] as { lessonPath: string; text?: string };
    if (text === undefined) {
      problems.push(problem(courseFile.file, at, 'missing-lesson-file', `lesson file ${entry} not found in ${path.relative(process.cwd(), dir) || '.'}`));
      return;
    }
    const lesson = parseLesson({ entry, lessonPath, text, assetsDir });
    parsed.push(lesson);
    problems.push(...lesson.problems, ...lintLesson(lesson, courseFile.context));
  });
  const requires = lintRequires(parsed);
  problems.push(...requires.problems);

  const lessons: Lesson[] = [];
  let previous: string | undefined;
  for (const lesson of parsed) {
    const front = lesson.frontMatter;
    if (lesson.id !== undefined && !requires.duplicates.has(lesson)) {
      // A teardown page stands outside the order: it requires nothing by default, and the
      // lesson after it requires the one before it.
      const byDefault = previous && !front?.teardown ? [previous] : [];
      if (front && courseFile.course) lessons.push(toLesson(lesson, front.requires ?? byDefault));
      if (!front?.teardown) previous = lesson.id;
    }
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
  return { course, problems: sortProblems(problems) };
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
