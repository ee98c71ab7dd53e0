// Starts the browser host (node scripts/serve.mjs) on a free port and a temp data dir;
// resolves to its URL (with the one-time token) and a stop function.
// (TUTOR_BENCH_SERVER=path/to/cli.js runs that build instead of scripts/serve.mjs.)
// `home`: the server's HOME, an empty folder of the bench's. The app's Local shell is a
// login shell that sources ~/.profile, so the machine's dotfiles would otherwise be part
// of the figures (on the machine of docs/benchmarks.md, root's ~/.profile ran `pyenv
// init`, whose rehash waited 60 s on a stale lock before every prompt). With it the Local
// shell loads /etc/profile only, and ~/.ssh/known_hosts is the empty folder's (the benches
// accept the lab's host keys through the app, as configureLabHosts does).
// `nodeArgs`: flags for the host's node (e.g. --cpu-prof, which NODE_OPTIONS refuses).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumArgs } from '../../scripts/chromium.mjs';

export function startHost({ dataDir, home, env = {}, nodeArgs = [], timeoutMs = 120_000 }) {
  if (home) mkdirSync(home, { recursive: true });
  return new Promise((resolve, reject) => {
    // TUTOR_BENCH_SERVER: another build of the browser host's cli.js (e.g. a private build).
    const entry = process.env.TUTOR_BENCH_SERVER || join(root, 'scripts', 'serve.mjs');
    const child = spawn(process.execPath, [...nodeArgs, entry, '--no-open', '--port', '0', '--data-dir', dataDir], {
      cwd: root,
      env: { ...process.env, ...(home ? { HOME: home } : {}), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => fail(new Error(`the browser host printed no URL within ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const stop = () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
    function fail(err) {
      clearTimeout(timer);
      void stop();
      reject(err);
    }
    const onData = (chunk) => {
      output += chunk;
      const match = /https?:\/\/127\.0\.0\.1:\d+\/\S*/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stderr.off('data', onData);
        // Keep draining so the child never blocks on a full pipe.
        child.stdout.resume();
        child.stderr.resume();
        resolve({ url: match[0], origin: new URL(match[0]).origin, pid: child.pid, stop });
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => fail(new Error(`the browser host exited (${code}) before printing its URL:\n${output}`)));
  });
}
