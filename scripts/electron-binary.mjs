// Finds the Electron executable without require('electron'), whose index.js tries to
// download the binary when it is missing (which fails, noisily, offline).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'electron');

/** @returns {string | undefined} the executable's path, when it exists */
export function electronBinary() {
  const pathFile = join(pkgDir, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(pkgDir, 'dist');
  const full = join(dist, name || 'electron');
  return existsSync(full) ? full : undefined;
}
