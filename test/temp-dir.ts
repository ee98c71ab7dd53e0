// Test aid: a fresh temporary folder for each test of a file, removed after it. `use` gets
// each test's path (tests keep it in a variable of their own).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

export function useTempDir(prefix: string, use: (path: string) => void): void {
  let current: string | undefined;
  beforeEach(async () => {
    current = await mkdtemp(join(tmpdir(), `${prefix}-`));
    use(current);
  });
  afterEach(async () => {
    if (current) await rm(current, { recursive: true, force: true });
    current = undefined;
  });
}
