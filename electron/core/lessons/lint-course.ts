// The lesson linter: every problem in a lessons folder.
import type { LessonProblem } from '../../../common/course';
import { loadCourse } from './load-course';

/** Every problem in `lessonsDir` (course.yaml and each lesson), sorted by file, line and column. */
export async function lintCourse(lessonsDir: string): Promise<LessonProblem[]> {
  return (await loadCourse(lessonsDir)).problems;
}
