// The one-exec file reader's shell command, run for real by sh on files of a temp folder.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReadFiles, readFiles, readFilesCommand } from './read-files';
import type { CheckContext } from './types';

const dir = mkdtempSync(join(tmpdir(), 'read-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readFilesCommand + parseReadFiles', () => {
  it('reads files whole up to the cap and tells every other case apart', () => {
    const cap = 1000;
    const binary = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 37) % 256)); // exactly the cap
    writeFileSync(join(dir, 'exact.bin'), binary);
    writeFileSync(join(dir, 'big.txt'), 'x'.repeat(cap + 1));
    writeFileSync(join(dir, 'empty'), '');
    writeFileSync(join(dir, "it's @@ here"), '@@abcdef012345 9\nnot a marker\n');
    mkdirSync(join(dir, 'folder'));
    const paths = ['exact.bin', 'big.txt', 'empty', 'missing', 'folder', "it's @@ here"].map((p) => join(dir, p));
    const nonce = 'abcdef012345';
    const stdout = execFileSync('sh', ['-c', readFilesCommand(paths, nonce, cap)], { encoding: 'utf8' });
    const files = parseReadFiles(paths, nonce, stdout, cap);
    expect(files.map((f) => (f.ok ? 'ok' : f.problem))).toEqual(['ok', 'too-large', 'ok', 'missing', 'directory', 'ok']);
    expect(files[0]!.ok && files[0]!.data.equals(binary)).toBe(true);
    expect(files[2]!.ok && files[2]!.data.length).toBe(0);
    expect(files[5]!.ok && files[5]!.data.toString()).toBe('@@abcdef012345 9\nnot a marker\n');
    expect(files[1]).toMatchObject({ message: `${paths[1]} is larger than 1 KiB: not the expected file` });
  });

  // Root reads every file: there is nothing to refuse it.
  it.skipIf(process.getuid?.() === 0)('reports a file it may not read', () => {
    const locked = join(dir, 'locked');
    writeFileSync(locked, 'secret');
    chmodSync(locked, 0o000);
    const stdout = execFileSync('sh', ['-c', readFilesCommand([locked], 'abcdef012345')], { encoding: 'utf8' });
    expect(parseReadFiles([locked], 'abcdef012345', stdout)[0]).toMatchObject({ ok: false, problem: 'unreadable' });
  });

  it('reads a path named twice once, and answers for every path in order', async () => {
    writeFileSync(join(dir, 'ca.crt'), 'CA');
    writeFileSync(join(dir, 'ca.key'), 'KEY');
    const commands: string[] = [];
    // The VM's shell is sh here (mocked: no SSH in a unit test); the command is the real one.
    const ctx = {
      exec: async (command: string) => {
        commands.push(command);
        return { code: 0, stdout: execFileSync('sh', ['-c', command], { encoding: 'utf8' }), stderr: '' };
      },
    } as unknown as CheckContext;
    const [crt, key] = [join(dir, 'ca.crt'), join(dir, 'ca.key')];
    const files = await readFiles(ctx, [crt, key, crt]);
    expect(files.map((f) => (f.ok ? f.data.toString() : f.problem))).toEqual(['CA', 'KEY', 'CA']);
    expect(files.map((f) => f.path)).toEqual([crt, key, crt]);
    expect(commands).toHaveLength(1);
    expect(commands[0]!.match(/head -c/g)).toHaveLength(2);
  });
});
