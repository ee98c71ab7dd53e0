// Where a course folder keeps its parts. Two layouts are accepted, so that an author can
// point the app at either:
//   DIR/course.yaml, DIR/*.md, DIR/assets/         (a course folder of its own)
//   DIR/lessons/course.yaml, DIR/assets/           (this project's layout)
// A folder holding course.yaml without an assets/ of its own uses the sibling assets/
// (this project's lessons/ folder given directly).
import { stat } from 'node:fs/promises';
import path from 'node:path';

export interface CourseDirs {
  /** The folder holding course.yaml; lesson files are listed relative to it. */
  lessonsDir: string;
  /** The only folder lessons may show images from; served under course-assets/. */
  assetsDir: string;
}

const isFile = (p: string) => stat(p).then((s) => s.isFile(), () => false);
const isDir = (p: string) => stat(p).then((s) => s.isDirectory(), () => false);

/** The assets folder for a folder that holds course.yaml. */
export async function assetsDirFor(lessonsDir: string): Promise<string> {
  const own = path.join(lessonsDir, 'assets');
  return (await isDir(own)) ? own : path.resolve(lessonsDir, '..', 'assets');
}

/** Finds course.yaml in `dir` or `dir/lessons`; throws a message an author can act on. */
export async function locateCourse(dir: string): Promise<CourseDirs> {
  const root = path.resolve(dir);
  if (!(await isDir(root))) throw new Error(`course folder ${root} not found`);
  if (await isFile(path.join(root, 'course.yaml'))) return { lessonsDir: root, assetsDir: await assetsDirFor(root) };
  const nested = path.join(root, 'lessons');
  if (await isFile(path.join(nested, 'course.yaml'))) return { lessonsDir: nested, assetsDir: path.join(root, 'assets') };
  throw new Error(`no course.yaml in ${root} or ${nested}: a course folder holds course.yaml, its lessons and an assets/ folder (docs/lesson-format.md)`);
}

/**
 * `--course DIR` or `--course=DIR` among a process's arguments (Electron's argv also holds
 * Chromium switches and the app path, so this looks for the one option and nothing else).
 */
export function courseArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--course') return argv[i + 1];
    if (arg.startsWith('--course=')) return arg.slice('--course='.length);
  }
  return undefined;
}
