// Lints a course: `npx tsx electron/core/lessons/cli.ts [--dir DIR | --course DIR]`, where
// DIR holds course.yaml or a lessons/ folder with it (course-dir.ts).
// Prints one `file:line:col message` line per problem and exits 1, or a summary and exits 0.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatProblem } from '../../../common/course';
import { locateCourse } from './course-dir';
import { loadCourse } from './load-course';

const USAGE = 'usage: lint-lessons [--dir DIR | --course DIR]   (DIR holds course.yaml, or lessons/course.yaml; default: this project)';

/** The project's lessons folder, found relative to this file (electron/core/lessons/). */
export function defaultLessonsDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'lessons');
}

export function parseArgs(args: readonly string[]): { dir: string } | { error: string } | { help: true } {
  let dir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--dir' || arg === '--course') {
      const value = args[++i];
      if (!value) return { error: `${arg} needs a folder` };
      dir = value;
    } else if (arg.startsWith('--dir=') || arg.startsWith('--course=')) {
      dir = arg.slice(arg.indexOf('=') + 1);
    } else {
      return { error: `unknown argument ${arg}` };
    }
  }
  return { dir: dir ?? defaultLessonsDir() };
}

export async function main(args: readonly string[]): Promise<number> {
  const parsed = parseArgs(args);
  if ('help' in parsed) {
    console.log(USAGE);
    return 0;
  }
  if ('error' in parsed) {
    console.error(`${parsed.error}\n${USAGE}`);
    return 2;
  }
  // A folder without course.yaml (here or in lessons/) is still linted, to say what is missing.
  const dirs = await locateCourse(parsed.dir).catch(() => undefined);
  const { course, problems } = dirs ? await loadCourse(dirs.lessonsDir, { assetsDir: dirs.assetsDir }) : await loadCourse(parsed.dir);
  for (const p of problems) console.log(formatProblem(p));
  if (problems.length > 0) return 1;
  console.log(`${course.lessons.length} lessons${course.drills?.length ? `, ${course.drills.length} drills` : ''}, no problems`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      console.error(`lint-lessons failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
