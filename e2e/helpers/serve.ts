// Starts `npm run serve` the way a learner would (a child process), signs in once with the
// one-use URL it printed, and returns the session (openApp puts it in a page's browser
// context). Uses the built app; `npm test` runs after `npm run build` (see .ci/run).
// The server gets a HOME of the test's own (no ~/.ssh, a one-line ~/.profile) unless the
// caller set one: the Local shell is a login shell, and the machine's dotfiles (pyenv's
// init here, which can stall for a minute) must not decide a test.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { type BrowserSession, addSessionCookie, signIn } from './api-client';

export const projectRoot = join(import.meta.dirname, '..', '..');

export interface Served {
  /** The URL the host printed; its token is already spent (by the sign-in below). */
  printedUrl: string;
  /** The app's URL, without a token. */
  url: string;
  port: number;
  session: BrowserSession;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** A fresh HOME with an empty-ish login profile. */
export function testHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'e2e-home-'));
  writeFileSync(join(home, '.profile'), '# e2e: the Local shell\'s login profile\n');
  return home;
}

/** Opens the app in `page`, signed in with the served session. */
export async function openApp(page: Page, served: Pick<Served, 'session'>): Promise<void> {
  await addSessionCookie(page.context(), served.session);
  await page.goto(served.session.url);
}

/** `options.port`: a fixed port (a restart under an open page needs the same origin). */
export async function serve(extraArgs: string[] = [], dataDir = mkdtempSync(join(tmpdir(), 'e2e-data-')), home?: string, options: { port?: number; signIn?: boolean } = {}): Promise<Served> {
  const started = await start(extraArgs, dataDir, home, options.port ?? 0);
  try {
    const session = options.signIn === false ? { url: `${new URL(started.printedUrl).origin}/`, cookie: { name: '', value: '' } } : await signIn(started.printedUrl);
    return { ...started, url: session.url, session };
  } catch (err) {
    await started.stop();
    throw err;
  }
}

function start(extraArgs: string[], dataDir: string, home: string | undefined, port: number): Promise<Omit<Served, 'url' | 'session'>> {
  const ownHome = home === undefined ? testHome() : undefined;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(projectRoot, 'scripts', 'serve.mjs'), '--no-open', '--port', String(port), '--data-dir', dataDir, ...extraArgs], {
      cwd: projectRoot,
      env: { ...process.env, HOME: home ?? ownHome },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in 60 s: ${err}`)), 60_000);
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('http://'));
      if (!line) return;
      clearTimeout(timer);
      resolve({
        printedUrl: line.trim(),
        port: Number(new URL(line.trim()).port),
        dataDir,
        process: child,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }).then(() => {
            // The local shell's bash may still be writing its history there as it exits
            // after the server: retry a folder that filled up while being removed. A temp
            // folder that still will not go is left behind with a warning naming what is in
            // it, not failed as the test's own result (seen once in CI: ENOTEMPTY after 1 s).
            if (ownHome) removeTestHome(ownHome);
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${err}`));
    });
  });
}

function removeTestHome(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 50, retryDelay: 100 });
  } catch (err) {
    let left = '';
    try {
      left = readdirSync(dir, { recursive: true }).join(', ');
    } catch {
      // Gone meanwhile.
    }
    console.warn(`e2e: left the test home ${dir} behind (${(err as Error).message}); in it: ${left || 'nothing'}`);
  }
}
