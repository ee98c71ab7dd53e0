import { chmod, mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEGACY_PROGRESS_FILE, ProgressStore, progressFileName } from './progress-store';

const PROGRESS_FILE = progressFileName('');

const tempDir = () => mkdtemp(join(tmpdir(), 'progress-'));

describe('ProgressStore', () => {
  it('starts empty when there is no file and creates it on the first write', async () => {
    const dir = await tempDir();
    const store = new ProgressStore(dir);
    const { progress, notice } = await store.load();
    expect(notice).toBeUndefined();
    expect(progress.lessons).toEqual({});
    await store.update((d) => {
      d.settings.typingMode = true;
    });
    const onDisk = JSON.parse(await readFile(join(dir, PROGRESS_FILE), 'utf8'));
    expect(onDisk.schemaVersion).toBe(1);
    expect(onDisk.settings.typingMode).toBe(true);
  });

  it('closes the data dir to other users on every start, also one that already existed as 755', async () => {
    const dir = await tempDir();
    await chmod(dir, 0o755);
    await new ProgressStore(dir).load();
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const fresh = join(dir, 'new');
    await new ProgressStore(fresh).load();
    expect((await stat(fresh)).mode & 0o777).toBe(0o700);
  });

  it('round-trips through a new store (a restart)', async () => {
    const dir = await tempDir();
    const a = new ProgressStore(dir);
    await a.load();
    await a.update((d) => {
      d.lessons.ca = { completedAt: '2026-11-25T00:00:00.000Z', checks: {}, blocks: {} };
    });
    const b = new ProgressStore(dir);
    expect((await b.load()).progress.lessons.ca?.completedAt).toBe('2026-11-25T00:00:00.000Z');
  });

  it('moves a corrupt file aside, reports it, and keeps its bytes', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, PROGRESS_FILE), '{"schemaVersion":1,"lessons":{');
    const store = new ProgressStore(dir);
    const { progress, notice } = await store.load();
    expect(progress.lessons).toEqual({});
    expect(notice).toMatch(/could not be read \(not valid JSON/);
    const aside = (await readdir(dir)).find((f) => f.startsWith(`${PROGRESS_FILE}.corrupt-`));
    expect(aside).toBeDefined();
    expect(notice).toContain(aside);
    expect(await readFile(join(dir, aside as string), 'utf8')).toBe('{"schemaVersion":1,"lessons":{');
  });

  it('treats a file of the wrong shape as corrupt, naming the problem', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, PROGRESS_FILE), JSON.stringify({ schemaVersion: 1, lessons: { a: { completedAt: 42 } } }));
    const { notice } = await new ProgressStore(dir).load();
    expect(notice).toMatch(/unexpected content/);
  });

  it('says so when a newer app wrote the file', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, PROGRESS_FILE), JSON.stringify({ schemaVersion: 7, lessons: {} }));
    const { notice } = await new ProgressStore(dir).load();
    expect(notice).toMatch(/newer version of the app \(schema 7\)/);
  });

  it('serializes concurrent updates and leaves no temp files', async () => {
    const dir = await tempDir();
    const store = new ProgressStore(dir);
    await store.load();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.update((d) => {
          d.lessons[`l${i}`] = { checks: {}, blocks: {} };
        }),
      ),
    );
    expect(Object.keys(store.get().lessons)).toHaveLength(20);
    expect(await readdir(dir)).toEqual([PROGRESS_FILE]);
  });

  it('rejects an update that would break the schema and keeps the old state', async () => {
    const dir = await tempDir();
    const store = new ProgressStore(dir);
    await store.load();
    await expect(
      store.update((d) => {
        (d.settings as { theme: string }).theme = 'neon';
      }),
    ).rejects.toThrow();
    expect(store.get().settings.theme).toBe('system');
    await store.update((d) => {
      d.settings.theme = 'dark';
    });
    expect(store.get().settings.theme).toBe('dark');
  });

  it('keeps each course in its own file: two courses never mix their progress', async () => {
    const dir = await tempDir();
    const a = new ProgressStore(dir, 'course-a', ['intro']);
    await a.load();
    await a.update((d) => {
      d.lessons.intro = { completedAt: '2026-12-05T00:00:00.000Z', checks: {}, blocks: {} };
      d.settings.lastLessonId = 'intro';
    });
    const b = new ProgressStore(dir, 'course-b', ['intro']);
    expect((await b.load()).progress.lessons).toEqual({});
    expect(b.get().settings.lastLessonId).toBeUndefined();
    const again = new ProgressStore(dir, 'course-a', ['intro']);
    expect((await again.load()).progress.lessons.intro?.completedAt).toBe('2026-12-05T00:00:00.000Z');
    await b.update((d) => {
      d.settings.typingMode = true;
    });
    expect((await readdir(dir)).sort()).toEqual(['progress-course-a.json', 'progress-course-b.json']);
    expect((await new ProgressStore(dir, 'course-a').load()).progress.settings.typingMode).toBe(false);
  });

  it('adopts the single progress.json of older versions for the course whose lessons it names', async () => {
    const dir = await tempDir();
    const legacy = JSON.stringify({ schemaVersion: 1, lessons: { etcd: { completedAt: '2026-11-01T00:00:00.000Z' } } });
    await writeFile(join(dir, LEGACY_PROGRESS_FILE), legacy);
    const other = new ProgressStore(dir, 'other-course', ['intro']);
    expect((await other.load()).progress.lessons).toEqual({});
    const mine = new ProgressStore(dir, 'kubernetes-from-scratch', ['ca', 'etcd']);
    expect((await mine.load()).progress.lessons.etcd?.completedAt).toBe('2026-11-01T00:00:00.000Z');
    expect(await readdir(dir)).not.toContain(LEGACY_PROGRESS_FILE);
    expect(await readFile(join(dir, 'progress-kubernetes-from-scratch.json'), 'utf8')).toBe(legacy);
  });

  it('adopts an unreadable older progress.json too, so the learner is told where it went', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, LEGACY_PROGRESS_FILE), '{"schemaVersion":1,"lessons":{');
    const { notice } = await new ProgressStore(dir, 'kubernetes-from-scratch', ['ca']).load();
    expect(notice).toMatch(/progress-kubernetes-from-scratch\.json\.corrupt-/);
  });
});
