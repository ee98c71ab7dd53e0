// The progress store, and so the storage layer under every JSON store (JsonFileStore,
// writeFileAtomic), must survive kill -9 at any moment: 100 child processes write in a
// loop and are killed at random points; after each, the file parses, validates, and
// holds at least the last write the child acknowledged.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, expect, it } from 'vitest';
import { ProgressFileSchema } from '../../../common/progress';
import { progressFileName } from './progress-store';

const RUNS = 100;
let childScript: string;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kill-writer-'));
  childScript = join(dir, 'writer.mjs');
  await build({ entryPoints: [join(import.meta.dirname, 'kill-writer.fixture.ts')], bundle: true, platform: 'node', format: 'esm', outfile: childScript, logLevel: 'error' });
});

function runAndKill(dataDir: string, killAfterAcks: number): Promise<{ start: number; lastAck: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    let start = -1;
    let lastAck = -1;
    let acks = 0;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      for (const line of output.split('\n').slice(0, -1)) {
        const [word, value] = line.split(' ');
        if (word === 'start') start = Number(value);
        if (word === 'ack') lastAck = Math.max(lastAck, Number(value));
      }
      acks = (output.match(/^ack /gm) ?? []).length;
      if (acks >= killAfterAcks && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited by itself (code ${code}): ${output.slice(-500)}`));
      else resolve({ start, lastAck, output });
    });
  });
}

it(`keeps a valid file with the last acknowledged write across ${RUNS} kill -9s`, async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'kill-progress-'));
  let previous = 0;
  for (let i = 0; i < RUNS; i++) {
    // Kill after 1..40 acknowledged writes; stdout lags the writes, so the kill lands mid-write too.
    const { start, lastAck } = await runAndKill(dataDir, 1 + ((i * 7919) % 40));
    expect(start).toBeGreaterThanOrEqual(previous);
    const file = ProgressFileSchema.parse(JSON.parse(await readFile(join(dataDir, progressFileName('')), 'utf8')));
    const stored = file.lessons.kill?.blocks.counter?.exitCode ?? 0;
    expect(stored).toBeGreaterThanOrEqual(lastAck);
    previous = stored;
  }
}, 180_000);
