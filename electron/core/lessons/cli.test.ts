import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultLessonsDir, parseArgs } from './cli';
import { fixtureLessons, shown } from './test-support';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli.ts');

function run(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, lines: result.stdout.trimEnd().split('\n'), stderr: result.stderr };
}

describe('lint-lessons CLI', () => {
  it('prints file:line:col lines and exits 1 on a broken course', () => {
    const { status, lines } = run('--dir', fixtureLessons('broken'));
    expect(status).toBe(1);
    expect(lines).toHaveLength(47);
    const lesson = (name: string) => shown('broken', 'lessons', name);
    expect(lines).toContain(`${lesson('10-blocks.md')}:26:14 unknown variable {{mster.ip}} (did you mean {{master.ip}}?)`);
    expect(lines).toContain(`${lesson('course.yaml')}:14:5 lesson file 02-missing.md not found in ${shown('broken', 'lessons')}`);
    expect(lines[0]).toBe(`${lesson('03-no-front-matter.md')}:1:1 a lesson must start with YAML front matter: a --- line, the fields (id, title, section), and a --- line`);
    for (const line of lines) expect(line).toMatch(/^\S+:\d+:\d+ \S/);
  });

  it('prints a summary and exits 0 on a clean course', () => {
    expect(run(`--dir=${fixtureLessons('clean')}`)).toMatchObject({ status: 0, lines: ['3 lessons, no problems'] });
  });

  it('reports a missing folder as a problem line, not a stack trace', () => {
    const { status, lines, stderr } = run('--dir', fixtureLessons('nowhere'));
    expect(status).toBe(1);
    expect(lines).toEqual([`${shown('nowhere', 'lessons')}:1:1 lessons folder ${shown('nowhere', 'lessons')} not found`]);
    expect(stderr).toBe('');
  });

  it('rejects unknown arguments with exit code 2', () => {
    const { status, stderr } = run('--frobnicate');
    expect(status).toBe(2);
    expect(stderr).toContain('unknown argument --frobnicate');
  });
});

describe('parseArgs', () => {
  it('defaults to the project lessons folder', () => {
    expect(parseArgs([])).toEqual({ dir: defaultLessonsDir() });
    expect(defaultLessonsDir()).toBe(path.resolve(path.dirname(CLI), '..', '..', '..', 'lessons'));
  });

  it('takes --dir DIR and --dir=DIR', () => {
    expect(parseArgs(['--dir', 'x'])).toEqual({ dir: 'x' });
    expect(parseArgs(['--dir=y'])).toEqual({ dir: 'y' });
    expect(parseArgs(['--dir'])).toEqual({ error: '--dir needs a folder' });
  });
});
