// Live reload against a real course folder on disk and the real file watcher: an edit
// reaches the windows as course:changed, a changed check's stored result is cleared and the
// others keep theirs, a broken lesson is left out and comes back when fixed.
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CourseReloaded, CourseView } from '../../../common/api';
import { useTempDir } from '../../../test/temp-dir';
import { EventBus } from '../events';
import { loadCourse } from '../lessons';
import { FIXTURES } from '../lessons/test-support';
import { type ChangedChecks, changedChecks } from './course-diff';
import { type CourseReloader, createCourseReloader, isCourseFile } from './course-reloader';

describe('course reloader', () => {
  let dir = '';
  useTempDir('reload', (p) => {
    dir = p;
  });
  let reloader: CourseReloader | undefined;
  afterEach(() => reloader?.close());

  async function start() {
    await cp(path.join(FIXTURES, 'clean'), dir, { recursive: true });
    const dirs = { lessonsDir: path.join(dir, 'lessons'), assetsDir: path.join(dir, 'assets') };
    const loaded = await loadCourse(dirs.lessonsDir);
    let view: CourseView = { course: loaded.course, problems: loaded.problems, leftOut: loaded.leftOut };
    const events = new EventBus();
    const seen: CourseReloaded[] = [];
    events.subscribe((name, payload) => {
      if (name === 'course:changed') seen.push(payload as CourseReloaded);
    });
    const cleared: ChangedChecks[][] = [];
    reloader = createCourseReloader({
      dirs,
      course: loaded.course,
      setView: (v) => {
        view = v;
      },
      events,
      clearChecks: async (c) => {
        cleared.push(c);
      },
    });
    return { dirs, course: loaded.course, seen, cleared, view: () => view, reloader };
  }

  const etcdLesson = (dirs: { lessonsDir: string }) => path.join(dirs.lessonsDir, '02-etcd.md');

  it('follows an edit on disk: the same Course object gets the new lesson, a changed check is named and cleared', async () => {
    const { dirs, course, seen, cleared, reloader: r } = await start();
    r.watch();
    const text = await readFile(etcdLesson(dirs), 'utf8');
    await writeFile(etcdLesson(dirs), text.replace('title: Configure etcd', 'title: Configure etcd, edited').replace('run: etcdctl endpoint health', 'run: etcdctl endpoint health --cluster'));
    // A hang guard only: the watcher reports within milliseconds.
    await vi.waitFor(() => expect(seen).toHaveLength(1), { timeout: 10_000 });
    expect(course.lessons.find((l) => l.id === 'etcd')?.title).toBe('Configure etcd, edited');
    expect(seen[0]?.view.course).toBe(course);
    expect(seen[0]?.message).toContain('Reloaded the course (02-etcd.md changed).');
    expect(cleared).toEqual([[{ lessonId: 'etcd', checkIds: ['etcd-healthy'] }]]);
    // Only the check whose command changed, not its neighbours.
    expect(seen[0]?.clearedChecks).toEqual([{ lessonId: 'etcd', checkIds: ['etcd-healthy'] }]);
    expect(seen[0]?.message).toContain('Changed checks start over: etcd-healthy (Configure etcd, edited).');
  });

  it('leaves a broken lesson out, keeps its place, and brings it back when fixed', async () => {
    const { dirs, course, view, reloader: r } = await start();
    const text = await readFile(etcdLesson(dirs), 'utf8');
    await writeFile(etcdLesson(dirs), text.replace('id: etcd', 'id: Etcd!'));
    const broken = await r.reload(['02-etcd.md']);
    expect(course.lessons.map((l) => l.id)).not.toContain('etcd');
    expect(view().leftOut).toEqual([{ file: '02-etcd.md', position: 1, title: 'Configure etcd' }]);
    expect(broken.message).toMatch(/problems? to fix/);
    await writeFile(etcdLesson(dirs), text);
    const fixed = await r.reload(['02-etcd.md']);
    expect(course.lessons.map((l) => l.id)).toContain('etcd');
    expect(view().leftOut).toEqual([]);
    // Back exactly as it was: nothing changed, so no result is cleared.
    expect(fixed.clearedChecks).toEqual([]);
  });

  it('keeps the id it started with (the progress file is chosen at start) and says to restart', async () => {
    const { dirs, course, reloader: r } = await start();
    const yamlPath = path.join(dirs.lessonsDir, 'course.yaml');
    await writeFile(yamlPath, (await readFile(yamlPath, 'utf8')).replace('id: fixture-course', 'id: renamed-course'));
    const event = await r.reload(['course.yaml']);
    expect(course.id).toBe('fixture-course');
    expect(event.message).toContain('course.yaml now gives the id "renamed-course": restart the app');
  });
});

describe('changedChecks', () => {
  it('compares each lesson with its last loaded version: changed and removed checks, not unchanged ones', async () => {
    const { course } = await loadCourse(path.join(FIXTURES, 'clean', 'lessons'));
    const known = new Map(course.lessons.map((l) => [l.id, l]));
    const etcd = course.lessons.find((l) => l.id === 'etcd');
    if (!etcd || etcd.checks.length < 2) throw new Error('fixture: etcd needs two checks');
    const [a, b, ...rest] = etcd.checks;
    const edited = { ...course, lessons: course.lessons.map((l) => (l === etcd ? { ...l, checks: [{ ...a!, title: 'new words' }, ...rest] } : l)) };
    expect(changedChecks(known, edited)).toEqual([{ lessonId: 'etcd', checkIds: [a!.id, b!.id] }]);
    expect(changedChecks(known, course)).toEqual([]);
  });
});

describe('isCourseFile', () => {
  it("reloads for lessons and course.yaml, not editors' swap and probe files", () => {
    expect(['02-etcd.md', 'course.yaml', ''].every(isCourseFile)).toBe(true);
    expect(['.02-etcd.md.swp', '4913', '02-etcd.md~'].some(isCourseFile)).toBe(false);
  });
});
