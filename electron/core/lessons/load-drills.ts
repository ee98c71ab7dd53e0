// Loads the drills course.yaml lists, after the lessons (a drill names their checks).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Lesson, LessonProblem } from '../../../common/course';
import type { Drill } from '../../../common/drill';
import type { CourseFileResult } from './course-file';
import { parseDrill } from './parse-drill';
import { problem } from './problems';

export async function loadDrills(dir: string, assetsDir: string, courseFile: CourseFileResult, lessons: readonly Lesson[]): Promise<{ drills: Drill[]; problems: LessonProblem[] }> {
  const drills: Drill[] = [];
  const problems: LessonProblem[] = [];
  const firstFile = new Map<string, string>();
  for (const { entry, at } of courseFile.drillEntries) {
    const drillPath = path.resolve(dir, entry);
    const text = await readFile(drillPath, 'utf8').catch(() => undefined);
    if (text === undefined) {
      problems.push(problem(courseFile.file, at, 'missing-drill-file', `drill file ${entry} not found in ${path.relative(process.cwd(), dir) || '.'}`));
      continue;
    }
    const parsed = parseDrill({ entry, drillPath, text, assetsDir, context: courseFile.context, lessons });
    problems.push(...parsed.problems);
    if (parsed.id !== undefined) {
      const first = firstFile.get(parsed.id) ?? (lessons.some((l) => l.id === parsed.id) ? 'a lesson' : undefined);
      if (first !== undefined) {
        problems.push(problem(parsed.file, parsed.idAt ?? { line: 1, col: 1 }, 'duplicate-drill-id', `drill id ${parsed.id} is already used by ${first}`));
        continue;
      }
      firstFile.set(parsed.id, entry);
    }
    if (parsed.drill) drills.push(parsed.drill);
  }
  return { drills, problems };
}
