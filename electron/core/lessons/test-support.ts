// Paths of the test fixtures (used by the tests only).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** The lessons folder of a fixture course. */
export function fixtureLessons(name: string): string {
  return path.join(FIXTURES, name, 'lessons');
}

/** A fixture file as problems name it (relative to the working directory). */
export function shown(...parts: string[]): string {
  return path.relative(process.cwd(), path.join(FIXTURES, ...parts));
}
