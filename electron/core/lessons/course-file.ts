// Reads and validates lessons/course.yaml.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CourseFileSchema, type CourseFile, type LessonProblem } from '../../../common/course';
import { courseContext, type CourseContext } from './course-context';
import { normaliseText } from './front-matter';
import { displayPath } from './paths';
import { problem, type Position } from './problems';
import { schemaIssues, valueAt } from './schema-issues';
import { YamlSource } from './yaml-source';

export interface CourseFileResult {
  /** course.yaml as problems name it. */
  file: string;
  /** The validated course file; undefined when it is missing or invalid. */
  course?: CourseFile;
  /** Hosts and variables lessons may use (best effort when course.yaml is invalid). */
  context: CourseContext;
  /** Lesson files in course order, with where course.yaml lists them. */
  entries: { entry: string; at: Position }[];
  /** Drill files in course order, with where course.yaml lists them. */
  drillEntries: { entry: string; at: Position }[];
  problems: LessonProblem[];
}

export async function readCourseFile(lessonsDir: string): Promise<CourseFileResult> {
  const coursePath = path.join(lessonsDir, 'course.yaml');
  const file = displayPath(coursePath);
  const empty: CourseFileResult = { file, context: courseContext([], [], []), entries: [], drillEntries: [], problems: [] };

  let text: string;
  try {
    text = normaliseText(await readFile(coursePath, 'utf8'));
  } catch (error) {
    const dirExists = await stat(lessonsDir).then((s) => s.isDirectory(), () => false);
    const message = !dirExists
      ? `lessons folder ${displayPath(lessonsDir)} not found`
      : (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? `course.yaml not found in ${displayPath(lessonsDir)}`
        : `cannot read course.yaml: ${error instanceof Error ? error.message : String(error)}`;
    empty.problems.push(problem(dirExists ? file : displayPath(lessonsDir), { line: 1, col: 1 }, 'missing-course-file', message));
    return empty;
  }

  const yaml = new YamlSource(text);
  const syntax = yaml.syntaxErrors();
  if (syntax.length > 0) {
    empty.problems = syntax.map((error) => problem(file, error, 'yaml-syntax', error.message));
    return empty;
  }
  const data = yaml.data();
  const result: CourseFileResult = { ...empty, context: lenientContext(data), entries: entriesOf(data, yaml), drillEntries: entriesOf(data, yaml, 'drills') };
  const parsed = CourseFileSchema.safeParse(data ?? {});
  if (!parsed.success) {
    for (const issue of schemaIssues(parsed.error, data)) {
      const at = issue.key ? yaml.positionOfKey(issue.path, issue.key) : yaml.positionOf(issue.path);
      result.problems.push(problem(file, at, 'course-schema', issue.message));
    }
    return result;
  }
  const course = parsed.data;
  // YAML reads `etcd: 3.50` as the number 3.5; keep versions and variables as written.
  for (const key of Object.keys(course.versions)) course.versions[key] = yaml.numberAsWritten(['versions', key]) ?? course.versions[key] as string;
  for (const key of Object.keys(course.variables)) course.variables[key] = yaml.numberAsWritten(['variables', key]) ?? course.variables[key] as string;
  result.course = course;
  result.context = courseContext(course.hosts.map((h) => h.role), Object.keys(course.versions), Object.keys(course.variables));
  return result;
}

/** Roles, versions and variables from a course.yaml that failed validation, as far as they go. */
function lenientContext(data: unknown): CourseContext {
  const hosts = valueAt(data, ['hosts']);
  const roles = Array.isArray(hosts) ? hosts.map((h) => valueAt(h, ['role'])).filter((r): r is string => typeof r === 'string') : [];
  const keys = (value: unknown) => (value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : []);
  return courseContext(roles, keys(valueAt(data, ['versions'])), keys(valueAt(data, ['variables'])));
}

function entriesOf(data: unknown, yaml: YamlSource, key: 'lessons' | 'drills' = 'lessons'): CourseFileResult['entries'] {
  const lessons = valueAt(data, [key]);
  if (!Array.isArray(lessons)) return [];
  return lessons.flatMap((entry, i) =>
    typeof entry === 'string' && entry.endsWith('.md') ? [{ entry, at: yaml.positionOf([key, i]) }] : []);
}
