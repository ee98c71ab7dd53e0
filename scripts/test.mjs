// `npm test`: the whole suite as CI runs it: build if needed, the unit tests (no root, no
// lab), then bring the e2e lab up (two real VMs; needs root, see e2e/README.md) for the
// lab tests (Vitest) and the browser tests (Playwright in Chromium).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfNeeded } from './build-if-needed.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(label, cmd, args, options = {}) {
  process.stderr.write(`\n== ${label}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  if (r.status !== 0) {
    process.stderr.write(`\n${label} failed (exit ${r.status ?? r.signal}).\n`);
    process.exit(r.status || 1);
  }
}

buildIfNeeded();
run('unit tests (Vitest: no root, no lab)', bin('vitest'), ['run', '--project', 'unit']);
if (!process.env.SKIP_LAB) {
  run('e2e lab up (two VMs; needs root: see e2e/README.md)', 'bash', [join(root, 'e2e', 'lab', 'lab.sh'), 'up'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
run('lab tests (Vitest, against the two VMs)', bin('vitest'), ['run', '--project', 'lab']);
run('browser tests (Playwright, Debian Chromium)', bin('playwright'), ['test']);
