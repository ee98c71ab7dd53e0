// The command kind, run through REAL bash on this machine (the command the kind sends is
// exactly what the VM's shell receives).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../../../common/course';
import { runLessonChecks } from '../engine';
import { fakeAccess } from '../test-support';

const localShell = fakeAccess((command) => {
  const r = spawnSync('sh', ['-c', command], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
});

const check = (run: string, expect?: { exitCode?: number; stdout?: string; stderr?: string }, hint?: string): CheckSpec =>
  ({ id: 'c', kind: 'command', host: 'master', run, ...(expect ? { expect } : {}), ...(hint ? { hint } : {}) }) as CheckSpec;

async function one(spec: CheckSpec) {
  const [r] = await runLessonChecks([spec], localShell);
  return r!;
}

describe('command kind', () => {
  it('passes on exit 0 and a matching substring', async () => {
    const r = await one(check('echo "https://127.0.0.1:2379 is healthy: successfully committed proposal"', { exitCode: 0, stdout: 'is healthy' }));
    expect(r.outcome).toBe('pass');
  });

  it('supports /regex/flags', async () => {
    expect((await one(check('echo OK', { stdout: '/^ok$/im' }))).outcome).toBe('pass');
    expect((await one(check('echo OKAY', { stdout: '/^ok$/im' }))).outcome).toBe('fail');
  });

  it('reports exit code and the last stderr lines, with the hint', async () => {
    const r = await one(check('echo one >&2; echo "Error: context deadline exceeded" >&2; exit 1', undefined, 'Is etcd running?'));
    expect(r.outcome).toBe('fail');
    expect(r.message).toBe('exit code 1, expected 0; stderr: "one ⏎ Error: context deadline exceeded"');
    expect(r.hint).toBe('Is etcd running?');
  });

  it('runs under pipefail (a failing first stage fails the check)', async () => {
    const r = await one(check('false | cat'));
    expect(r.message).toMatch(/^exit code 1, expected 0/);
  });

  it('runs bash, not sh (process substitution works), and keeps quotes intact', async () => {
    expect((await one(check(`grep -q "it's" <(echo "it's here")`))).outcome).toBe('pass');
  });

  it('expects a non-zero exit code when told', async () => {
    expect((await one(check('exit 1', { exitCode: 1 }))).outcome).toBe('pass');
    const r = await one(check('true', { exitCode: 1 }));
    expect(r.message).toBe('exit code 0, expected 1');
  });

  it('says what stdout was found', async () => {
    const r = await one(check('echo "unhealthy cluster"', { stdout: 'is healthy' }));
    expect(r.message).toBe('stdout containing "is healthy" expected; found "unhealthy cluster"');
  });

  it('names a missing command', async () => {
    const r = await one(check('etcdctl-not-installed-here version'));
    expect(r.message).toMatch(/^exit code 127, expected 0 \(a command is not installed or not on PATH\); stderr: .*not found/);
  });
});
