import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/temp-dir';
import { courseArgument, locateCourse } from './course-dir';

describe('locateCourse', () => {
  let dir = '';
  useTempDir('course-dir', (p) => {
    dir = p;
  });

  it("takes a folder with course.yaml and its own assets/ (an author's course)", async () => {
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'course.yaml'), 'id: x\n');
    expect(await locateCourse(dir)).toEqual({ lessonsDir: dir, assetsDir: path.join(dir, 'assets') });
  });

  it("takes this project's layout, lessons/course.yaml beside assets/, given either folder", async () => {
    await mkdir(path.join(dir, 'lessons'));
    await writeFile(path.join(dir, 'lessons', 'course.yaml'), 'id: x\n');
    const expected = { lessonsDir: path.join(dir, 'lessons'), assetsDir: path.join(dir, 'assets') };
    expect(await locateCourse(dir)).toEqual(expected);
    expect(await locateCourse(path.join(dir, 'lessons'))).toEqual(expected);
  });

  it('says what a course folder holds when it has no course.yaml, and when it does not exist', async () => {
    await expect(locateCourse(dir)).rejects.toThrow(`no course.yaml in ${dir} or ${path.join(dir, 'lessons')}`);
    await expect(locateCourse(path.join(dir, 'nope'))).rejects.toThrow(`course folder ${path.join(dir, 'nope')} not found`);
  });
});

describe('courseArgument', () => {
  it('finds --course DIR or --course=DIR among Electron and Chromium arguments', () => {
    expect(courseArgument(['/usr/bin/electron', '/app', '--no-sandbox', '--course', '/my/course'])).toBe('/my/course');
    expect(courseArgument(['/app', '--course=/my/course'])).toBe('/my/course');
    expect(courseArgument(['/usr/bin/electron', '/app', '--no-sandbox'])).toBeUndefined();
  });
});
