// `npm run serve -- [--port N] [--no-open] [--data-dir DIR]`: builds if needed, then runs
// the browser host in this process.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildIfNeeded } from './build-if-needed.mjs';

buildIfNeeded();
await import(pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'server', 'cli.js')).href);
