import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COURSE_CACHE_FILE, loadCourseCached as loadCached } from './course-cache';
import { courseDrills } from './course-drills';
import { loadCourse } from './load-course';
import { FIXTURES } from './test-support';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

describe('loadCourseCached', () => {
  let work: string;
  let lessons: string;
  let assets: string;
  let cacheFile: string;
  beforeEach(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'course-cache-'));
    await cp(path.join(FIXTURES, 'clean'), path.join(work, 'course'), { recursive: true });
    lessons = path.join(work, 'course', 'lessons');
    assets = path.join(work, 'course', 'assets');
    cacheFile = path.join(work, 'data', COURSE_CACHE_FILE);
  });
  // A miss writes the cache after it answers: each test's writes end before its folder is
  // removed (a write racing the removal failed the test's afterEach, once in a full run).
  let writes: Promise<void>[] = [];
  const loadCourseCached = async (...args: Parameters<typeof loadCached>) => {
    const result = await loadCached(...args);
    writes.push(result.saved);
    return result;
  };
  afterEach(async () => {
    await Promise.all(writes);
    writes = [];
    await rm(work, { recursive: true, force: true });
  });

  /** loadCourse, counting its calls. */
  const counted = () => vi.fn(loadCourse);

  it('parses once, then answers the same course from the cache without parsing', async () => {
    const load = counted();
    const first = await loadCourseCached(lessons, assets, cacheFile, load);
    await first.saved;
    expect(first.hit).toBe(false);
    const second = await loadCourseCached(lessons, assets, cacheFile, load);
    expect(second.hit).toBe(true);
    expect(load).toHaveBeenCalledTimes(1);
    expect(second.loaded).toStrictEqual(first.loaded);
    expect(second.loaded).toStrictEqual(await loadCourse(lessons, { assetsDir: assets }));
  });

  it('parses again when a lesson file changed, and serves the changed course', async () => {
    const load = counted();
    await (await loadCourseCached(lessons, assets, cacheFile, load)).saved;
    const file = path.join(lessons, '01-welcome.md');
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^title: .+$/m);
    // Same length, so that only the bytes differ (a size-or-mtime key could miss it).
    await writeFile(file, text.replace(/^title: (.)/m, (_, c: string) => `title: ${c === 'Z' ? 'Y' : 'Z'}`));
    const after = await loadCourseCached(lessons, assets, cacheFile, load);
    expect(after.hit).toBe(false);
    expect(load).toHaveBeenCalledTimes(2);
    expect(after.loaded).toStrictEqual(await loadCourse(lessons, { assetsDir: assets }));
    expect(after.loaded.course.lessons[0]?.title).toMatch(/^[ZY]/);
    await after.saved;
    expect((await loadCourseCached(lessons, assets, cacheFile, load)).hit).toBe(true);
  });

  it('parses again when an image the lessons use disappears (its problem shows)', async () => {
    const load = counted();
    const before = await loadCourseCached(lessons, assets, cacheFile, load);
    await before.saved;
    await unlink(path.join(assets, 'diagrams', 'etcd.svg'));
    const after = await loadCourseCached(lessons, assets, cacheFile, load);
    expect(after.hit).toBe(false);
    expect(after.loaded.problems.length).toBeGreaterThan(before.loaded.problems.length);
    expect(after.loaded).toStrictEqual(await loadCourse(lessons, { assetsDir: assets }));
  });

  it('parses again when a file is added to the lessons folder', async () => {
    const load = counted();
    await (await loadCourseCached(lessons, assets, cacheFile, load)).saved;
    await writeFile(path.join(lessons, 'notes.txt'), 'x');
    expect((await loadCourseCached(lessons, assets, cacheFile, load)).hit).toBe(false);
  });

  it.each([
    ['not JSON', '{"format":1,"key":'],
    ['JSON of another shape', '{"format":1,"key":"x","loaded":null}'],
    ['empty', ''],
  ])('survives a cache file that is %s: parses, answers right, and rewrites it', async (_, content) => {
    await (await loadCourseCached(lessons, assets, cacheFile)).saved;
    await writeFile(cacheFile, content);
    const load = counted();
    const result = await loadCourseCached(lessons, assets, cacheFile, load);
    expect(result.hit).toBe(false);
    expect(load).toHaveBeenCalledTimes(1);
    expect(result.loaded).toStrictEqual(await loadCourse(lessons, { assetsDir: assets }));
    await result.saved;
    expect((await loadCourseCached(lessons, assets, cacheFile, load)).hit).toBe(true);
  });

  it('a cache whose key matches but whose course is mangled is not trusted', async () => {
    await (await loadCourseCached(lessons, assets, cacheFile)).saved;
    const entry = JSON.parse(await readFile(cacheFile, 'utf8')) as { loaded: { course: { lessons: unknown } } };
    entry.loaded.course.lessons = 'nope';
    await writeFile(cacheFile, JSON.stringify(entry));
    const result = await loadCourseCached(lessons, assets, cacheFile);
    expect(result.hit).toBe(false);
    expect(Array.isArray(result.loaded.course.lessons)).toBe(true);
  });

  it('still answers when the cache cannot be written (data dir is a file)', async () => {
    await writeFile(path.join(work, 'data'), 'a file, not a folder');
    const result = await loadCourseCached(lessons, assets, cacheFile);
    await result.saved;
    expect(result.hit).toBe(false);
    expect(result.loaded.course.lessons.length).toBeGreaterThan(0);
  });

  it('a course from the cache still has its whole drills beside it (hints, steps), not in it', async () => {
    const dir = path.join(ROOT, 'lessons');
    const assetsDir = path.join(ROOT, 'assets');
    const parsed = await loadCourseCached(dir, assetsDir, cacheFile);
    await parsed.saved;
    const cached = await loadCourseCached(dir, assetsDir, cacheFile);
    expect(cached.hit).toBe(true);
    const whole = courseDrills(cached.loaded.course);
    expect(whole.length).toBeGreaterThan(10);
    expect(whole).toStrictEqual(courseDrills(parsed.loaded.course));
    expect(whole.every((d) => d.hints.length > 0 && d.inject.length > 0 && d.undo.length > 0)).toBe(true);
    expect(cached.loaded.course.drills).toStrictEqual(parsed.loaded.course.drills);
    expect(JSON.stringify(cached.loaded.course)).not.toContain(whole[0]!.hints[0]!);
  });

  it('a cache of a course with drills but without the whole drills is not trusted', async () => {
    const dir = path.join(ROOT, 'lessons');
    const assetsDir = path.join(ROOT, 'assets');
    await (await loadCourseCached(dir, assetsDir, cacheFile)).saved;
    const entry = JSON.parse(await readFile(cacheFile, 'utf8')) as { drills?: unknown };
    delete entry.drills;
    await writeFile(cacheFile, JSON.stringify(entry));
    const result = await loadCourseCached(dir, assetsDir, cacheFile);
    expect(result.hit).toBe(false);
    expect(courseDrills(result.loaded.course).length).toBeGreaterThan(10);
  });

  it('keeps the project course exactly through JSON (what the cache stores)', async () => {
    const loaded = await loadCourse(path.join(ROOT, 'lessons'));
    expect(loaded.course.lessons.length).toBeGreaterThan(10);
    expect(JSON.parse(JSON.stringify(loaded))).toStrictEqual(loaded);
  });
});
