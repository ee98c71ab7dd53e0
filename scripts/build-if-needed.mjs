// Rebuilds when any source file is newer than the last build (used by start and serve).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['common', 'electron', 'renderer', 'scripts/build.mjs', 'package.json'];

function newestMtime(path) {
  let info;
  try {
    info = statSync(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'fixtures' || entry.endsWith('.test.ts')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export function buildIfNeeded() {
  const stamp = newestMtime(join(root, 'out', '.build-stamp'));
  const source = Math.max(...SOURCES.map((s) => newestMtime(join(root, s))));
  if (stamp >= source) return;
  process.stderr.write('Building the app (sources changed since the last build)…\n');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
