// The atomic replace: the new content or the old, never a mix; no temp file left behind,
// not even when the rename fails.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/temp-dir';
import { fsyncDir, fsyncFile, writeFileAtomic } from './atomic-write';

let dir: string;
useTempDir('atomic-write', (path) => (dir = path));

describe('writeFileAtomic', () => {
  it('replaces an existing file whole, with mode 600 by default, and leaves only the file', async () => {
    const path = join(dir, 'state.json');
    await writeFile(path, 'old content that is longer than the new one');
    await writeFileAtomic(path, 'new');
    expect(await readFile(path, 'utf8')).toBe('new');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('writes bytes and takes another mode', async () => {
    const path = join(dir, 'archive.sha256');
    await writeFileAtomic(path, Buffer.from([0, 1, 2, 255]), { mode: 0o644, tolerateDirSync: true });
    expect([...(await readFile(path))]).toEqual([0, 1, 2, 255]);
    expect((await stat(path)).mode & 0o777).toBe(0o644);
  });

  it('removes its temp file when the rename fails, and the target stays as it was', async () => {
    const target = join(dir, 'taken');
    await mkdir(join(target, 'inside'), { recursive: true }); // a non-empty folder: rename over it fails
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
    expect(await readdir(target)).toEqual(['inside']);
  });

  it('fails without a trace when the folder does not exist', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'f'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('fsync helpers', () => {
  it('flush a file and a folder that exist, and report one that does not', async () => {
    await writeFile(join(dir, 'f'), 'x');
    await fsyncFile(join(dir, 'f'));
    await fsyncDir(dir);
    await expect(fsyncDir(join(dir, 'nope'), true)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
