// Builds bench/harness (the TerminalPanel alone) into a folder, and serves it to a
// Playwright page under /bench-harness/ on the browser host's origin by routing requests.
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.map': 'application/json', '.woff2': 'font/woff2' };

export async function buildHarness(outDir) {
  const { build } = await import('vite');
  const { default: react } = await import('@vitejs/plugin-react');
  await build({
    configFile: false,
    root: join(here, '..', 'harness'),
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, target: 'es2022' },
  });
}

/** Serves the built harness at `${origin}/bench-harness/` in this page (same origin: the app's cookie and WebSocket apply). */
export async function routeHarness(page, origin, outDir) {
  await page.route(`${origin}/bench-harness/**`, async (route) => {
    const path = new URL(route.request().url()).pathname.replace(/^\/bench-harness\/?/, '') || 'index.html';
    try {
      const body = await readFile(join(outDir, path));
      await route.fulfill({ status: 200, body, contentType: MIME[extname(path)] ?? 'application/octet-stream' });
    } catch {
      await route.fulfill({ status: 404, body: 'not found' });
    }
  });
  return `${origin}/bench-harness/index.html`;
}
