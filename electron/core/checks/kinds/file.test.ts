import { describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../../../common/course';
import { runLessonChecks } from '../engine';
import { fakeAccess, recorded } from '../test-support';

async function replay(name: string, spec: Record<string, unknown>) {
  const rec = recorded(name) as ReturnType<typeof recorded> & { path: string };
  const access = fakeAccess(() => rec);
  const [r] = await runLessonChecks([{ id: 'f', kind: 'file', host: 'master', path: rec.path, ...spec } as CheckSpec], access);
  expect(access.commands[0]!.split('\n')[0]).toBe(rec.command.split('\n')[0]);
  return { r: r!, path: rec.path };
}

describe('file kind (recorded stat/head output)', () => {
  it('exists with mode 0600 and the content → pass', async () => {
    const { r } = await replay('file-600-with-content', { mode: '0600', contains: 'aescbc' });
    expect(r.outcome).toBe('pass');
  });

  it('content as /regex/', async () => {
    expect((await replay('file-600-with-content', { contains: '/kind: +EncryptionConfig/' })).r.outcome).toBe('pass');
  });

  it('wrong mode → expected vs found', async () => {
    const { r, path } = await replay('file-644', { mode: '600' });
    expect(r.message).toBe(`mode is 644, expected 600 (chmod 600 ${path})`);
  });

  it('missing content → fail', async () => {
    const { r, path } = await replay('file-600-with-content', { contains: 'identity' });
    expect(r.message).toBe(`${path} has no text "identity"`);
  });

  it('missing file → fail; absent: true → pass', async () => {
    const { r, path } = await replay('file-missing', { contains: 'x' });
    expect(r.message).toBe(`${path} does not exist`);
    expect((await replay('file-missing', { absent: true })).r.outcome).toBe('pass');
  });

  it('absent: true on an existing file → fail', async () => {
    const { r } = await replay('file-644', { absent: true });
    expect(r.outcome).toBe('fail');
    expect(r.message).toMatch(/exists \(a regular file, 1 bytes\) but should not$/);
  });
});
