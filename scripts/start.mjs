// `npm start`: opens the desktop app, building first if needed. Where the Electron binary
// is absent (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or its download failed) it
// says so in one line and points at the browser host.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfNeeded } from './build-if-needed.mjs';
import { electronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// npm 11 may skip Electron's postinstall download; fetch it on first start instead.
function tryDownloadElectron() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return;
  process.stderr.write('Fetching the Electron binary (first start)…\n');
  spawnSync(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], { stdio: 'ignore', timeout: 300_000 });
}

const binary = electronBinary() ?? (tryDownloadElectron(), electronBinary());
if (!binary) {
  console.error('The Electron binary is not installed here, so the desktop window cannot open; run `npm run serve` to use the app in your browser.');
  process.exit(1);
}
buildIfNeeded();
const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
