// The scaffold writes a lesson the linter accepts, into a copy of a real fixture course.
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/temp-dir';
import { loadCourse } from './load-course';
import { newLesson } from './new-lesson';
import { FIXTURES } from './test-support';

const copyOfClean = async (dir: string) => {
  await cp(path.join(FIXTURES, 'clean'), dir, { recursive: true });
  return dir;
};

describe('new-lesson', () => {
  let dir = '';
  useTempDir('new-lesson', (p) => {
    dir = p;
  });

  it('scaffolds a lesson with a block, a check and a reset, lists it last, and the course lints clean', async () => {
      const course = await copyOfClean(dir);
      const before = await readFile(path.join(course, 'lessons', 'course.yaml'), 'utf8');
      const result = await newLesson({ id: 'kube-proxy-drill', title: 'Break kube-proxy', host: 'worker', courseDir: course });
      expect(result.problems).toEqual([]);
      expect(path.basename(result.file)).toBe('04-kube-proxy-drill.md');
      const after = await readFile(path.join(course, 'lessons', 'course.yaml'), 'utf8');
      expect(after).toBe(`${before.trimEnd()}\n  - 04-kube-proxy-drill.md\n`);
      const loaded = await loadCourse(path.join(course, 'lessons'));
      const lesson = loaded.course.lessons.at(-1);
      expect(lesson).toMatchObject({ id: 'kube-proxy-drill', title: 'Break kube-proxy', requires: ['worker'] });
      expect(lesson?.blocks).toHaveLength(1);
      expect(lesson?.blocks[0]).toMatchObject({ host: 'worker', title: 'Say hello' });
      expect(lesson?.checks.map((c) => c.kind)).toEqual(['file']);
      expect(lesson?.reset).toEqual([{ host: 'worker', run: 'rm -f /tmp/kube-proxy-drill.txt' }]);
  });

  it('refuses an id in use, a bad id and an unknown host, and writes nothing', async () => {
      const course = await copyOfClean(dir);
      const yaml = await readFile(path.join(course, 'lessons', 'course.yaml'), 'utf8');
      await expect(newLesson({ id: 'etcd', courseDir: course })).rejects.toThrow('a lesson with id "etcd" already exists');
      await expect(newLesson({ id: 'Bad_Id', courseDir: course })).rejects.toThrow('use lower-case letters, digits and dashes');
      await expect(newLesson({ id: 'fine', host: 'mars', courseDir: course })).rejects.toThrow('no host role "mars" in course.yaml (use one of master, worker)');
      expect(await readFile(path.join(course, 'lessons', 'course.yaml'), 'utf8')).toBe(yaml);
  });
});
