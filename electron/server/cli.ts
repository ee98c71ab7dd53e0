// `npm run serve -- [--port N] [--no-open] [--data-dir DIR] [--course DIR]`: core + the browser host.
// Prints exactly one line, the URL with this start's one-use token.
import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EventBus, Notices, createCore, locateCourse } from '../core';
import { deferredViewerApi } from './deferred-api';
import { startServer } from './server';

// Bundled to out/server/cli.js: the project root is two folders up.
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'k8s-from-scratch-tutor');
}

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(cmd, [url], { detached: true, stdio: 'ignore' });
  child.on('error', () => {});
  child.unref();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'no-open': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      course: { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);
  const events = new EventBus();
  const notices = new Notices();
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  // The project's own course unless --course names an author's folder (docs/lesson-format.md).
  // Listen first: the page loads while core loads its modules and the course, and its calls
  // wait for core (deferred-api.ts). Loading core's modules is synchronous work that would
  // hold up the page's requests: core starts once the page's first script has been sent
  // (Chromium then parses and runs it, on another core), or a second after listening
  // (no browser yet, or an API client).
  const course = await locateCourse(values.course ?? projectRoot);
  let startCore!: () => void;
  const core = new Promise<void>((r) => (startCore = r)).then(() => createCore({ dataDir, ...course, events, notices, watchCourse: true }));
  core.catch((err: unknown) => {
    process.stderr.write(`serve: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
  const server = await startServer({
    api: deferredViewerApi(core),
    events,
    rendererDir: join(projectRoot, 'out', 'renderer'),
    assetsDir: course.assetsDir,
    port,
    sessionsDir: dataDir,
    notice: (message) => notices.add(message),
    onScriptSent: () => setImmediate(startCore),
  });
  process.stdout.write(`${server.url}\n`);
  setTimeout(startCore, 1000);
  void core.then(() => {
    for (const notice of notices.all()) process.stderr.write(`warning: ${notice}\n`);
  });
  if (!values['no-open']) openBrowser(server.url);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`serve: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
