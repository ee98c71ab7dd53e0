// Test aid: a HOME of the test's own for real local shells, so a login shell reads a known
// ~/.profile instead of the machine's (whose tools may be slow or hang under a pty, e.g. a
// stale pyenv rehash lock). The profile exports KT_TEST_PROFILE=loaded, which tests read
// to prove the login files ran.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function useTestHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'kt-home-'));
  writeFileSync(join(home, '.profile'), 'export KT_TEST_PROFILE=loaded\n');
  process.env.HOME = home;
  return home;
}
