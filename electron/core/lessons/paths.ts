// Where lesson files, their assets and problem locations live on disk.
import path from 'node:path';

/** URL prefix under which the hosts serve the course's assets folder. */
export const COURSE_ASSETS_PREFIX = 'course-assets/';

/** A path as problems show it: relative to the working directory, or absolute if outside it. */
export function displayPath(file: string): string {
  const absolute = path.resolve(file);
  const relative = path.relative(process.cwd(), absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return absolute;
  return relative;
}

/** True when `file` lies inside `dir` (not equal to it). */
export function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
