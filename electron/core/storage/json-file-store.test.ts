// The generic JSON store: what a missing, a corrupt and a newer file give, the write queue
// (in call order, on each other's results, a failed write changes nothing), and no
// temp files left behind.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/temp-dir';
import { z } from 'zod';
import { JsonFileStore, type JsonFileStoreOptions } from './json-file-store';

const Schema = z.strictObject({ schemaVersion: z.literal(1), items: z.array(z.string()) });
type File = z.infer<typeof Schema>;

let dir: string;
let notices: string[];
useTempDir('json-store', (path) => (dir = path));
beforeEach(async () => {
  notices = [];
});

const FILE = 'items.json';
const store = (options: Partial<JsonFileStoreOptions<File>> = {}) =>
  new JsonFileStore<File>({
    path: join(dir, FILE),
    schema: Schema,
    empty: () => ({ schemaVersion: 1, items: [] }),
    what: 'items',
    notice: (m) => notices.push(m),
    ...options,
  });
const onDisk = async () => JSON.parse(await readFile(join(dir, FILE), 'utf8')) as File;
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('loading', () => {
  it('a missing file is empty and is not created by reading', async () => {
    const s = store();
    expect(s.peek()).toBeUndefined();
    expect(await s.read()).toEqual({ schemaVersion: 1, items: [] });
    expect(await readdir(dir)).toEqual([]);
    expect(notices).toEqual([]);
  });

  it('reads a valid file and hands out copies', async () => {
    await writeFile(join(dir, FILE), JSON.stringify({ schemaVersion: 1, items: ['a'] }));
    const s = store();
    const first = await s.read();
    first.items.push('changed by the caller');
    expect(await s.read()).toEqual({ schemaVersion: 1, items: ['a'] });
    expect(s.peek()).toEqual({ schemaVersion: 1, items: ['a'] });
  });

  it('moves a corrupt file aside with its bytes, tells the learner once, and starts empty', async () => {
    await writeFile(join(dir, FILE), '{"schemaVersion":1,"items":[');
    const s = store();
    // Two callers during the first load share it: one move, one notice.
    const [a, b] = await Promise.all([s.read(), s.read()]);
    expect(a).toEqual({ schemaVersion: 1, items: [] });
    expect(b).toEqual(a);
    const aside = (await readdir(dir)).filter((f) => f.startsWith(`${FILE}.corrupt-`));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(dir, aside[0]!), 'utf8')).toBe('{"schemaVersion":1,"items":[');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^Your saved items could not be read \(not valid JSON: .*\)\. The file was moved to .* and a new one was started; nothing was deleted\.$/);
    expect(notices[0]).toContain(join(dir, aside[0]!));
  });

  it('load() returns the notice too, and names where the content is wrong', async () => {
    await writeFile(join(dir, FILE), JSON.stringify({ schemaVersion: 1, items: ['a', 7] }));
    const { value, notice } = await store({ notice: undefined }).load();
    expect(value.items).toEqual([]);
    expect(notice).toMatch(/could not be read \(unexpected content at items\.1: /);
  });

  it('words the notice as the caller asks, and recognises a newer app\'s file when told its version', async () => {
    await writeFile(join(dir, FILE), JSON.stringify({ schemaVersion: 3, items: [] }));
    const { notice } = await store({ schemaVersion: 1, corruptNotice: (problem, aside) => `${problem} | ${aside}` }).load();
    expect(notice).toMatch(new RegExp(`^it was written by a newer version of the app \\(schema 3\\) \\| ${join(dir, FILE)}\\.corrupt-`));
  });

  it('passes on an error other than a missing file, and tries again on the next read', async () => {
    await writeFile(join(dir, FILE), JSON.stringify({ schemaVersion: 1, items: ['a'] }));
    const s = store({ path: join(dir, FILE, 'below-a-file.json') });
    await expect(s.read()).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(s.read()).rejects.toMatchObject({ code: 'ENOTDIR' });
    expect(notices).toEqual([]);
  });
});

describe('the write queue', () => {
  it('applies concurrent updates in call order, each on the one before, even when a change is slow', async () => {
    const s = store();
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map((item, i) =>
        s.update(async (d) => {
          await tick(30 - i * 10); // the first change is the slowest
          d.items.push(item);
          return d.items.length;
        }),
      ),
    );
    expect(results).toEqual([1, 2, 3, 4]);
    expect((await onDisk()).items).toEqual(['a', 'b', 'c', 'd']);
    expect(await readdir(dir)).toEqual([FILE]);
    expect((await stat(join(dir, FILE))).mode & 0o777).toBe(0o600);
  });

  it('a change that breaks the schema is refused: nothing written, the next update goes on', async () => {
    const s = store();
    await s.update((d) => void d.items.push('a'));
    const broken = s.update((d) => void (d as { items: unknown[] }).items.push(42));
    const next = s.update((d) => void d.items.push('b'));
    await expect(broken).rejects.toThrow();
    await next;
    expect((await onDisk()).items).toEqual(['a', 'b']);
    expect(s.peek()?.items).toEqual(['a', 'b']);
  });

  it('creates the folder on the first write', async () => {
    const s = store({ path: join(dir, 'new', 'deeper', FILE) });
    await s.update((d) => void d.items.push('a'));
    expect((await stat(join(dir, 'new'))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(join(dir, 'new', 'deeper', FILE), 'utf8'))).toEqual({ schemaVersion: 1, items: ['a'] });
  });

  it('skipIfUnchanged writes only when the content changed', async () => {
    const s = store();
    await s.update(() => undefined, { skipIfUnchanged: true });
    expect(await readdir(dir)).toEqual([]);
    await s.update(() => undefined);
    expect(await readdir(dir)).toEqual([FILE]);
    await s.update((d) => void d.items.push('a'), { skipIfUnchanged: true });
    expect((await onDisk()).items).toEqual(['a']);
  });
});
