// Builds everything the two hosts run: the renderer (Vite) and the Node bundles for
// Electron main, the sandboxed preload (CommonJS, one file) and the browser host (esbuild).
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  packages: 'external',
  logLevel: quiet ? 'warning' : 'info',
};

const started = Date.now();
await viteBuild({ configFile: join(root, 'renderer', 'vite.config.ts'), logLevel: quiet ? 'warn' : 'info' });
// The server's chunks are named by their content: clear the last build's (Vite empties its own folder).
await rm(join(root, 'out/server'), { recursive: true, force: true });
await Promise.all([
  esbuild({ ...node, format: 'esm', entryPoints: [join(root, 'electron/main/index.ts')], outfile: join(root, 'out/main/index.js'), external: ['electron'] }),
  // A sandboxed preload can only require('electron'): everything else is inlined.
  esbuild({ ...node, packages: undefined, format: 'cjs', entryPoints: [join(root, 'electron/preload/index.ts')], outfile: join(root, 'out/preload/index.cjs'), external: ['electron'] }),
  // Split: core (loaded by createCore's dynamic import) is a chunk of its own, so the browser
  // host listens before loading it (electron/server/cli.ts).
  esbuild({ ...node, format: 'esm', splitting: true, entryPoints: { cli: join(root, 'electron/server/cli.ts') }, outdir: join(root, 'out/server'), chunkNames: 'chunk-[hash]' }),
]);
await mkdir(join(root, 'out'), { recursive: true });
await writeFile(join(root, 'out', '.build-stamp'), `${new Date().toISOString()}\n`);
if (!quiet) console.log(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
