// Baseline: how fast @xterm/headless parses the benchmark stream (bench-source.ts), and
// the same through this folder's batcher + flow control (in process, no IPC).
// Not a test. Run: npx tsx electron/core/terminals/bench-headless.ts [MiB=32] [--out FILE]
// (--out also writes the stream to FILE, for the app benchmark to `cat` on a host).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as XtermHeadless from '@xterm/headless';
import { FLOW_ACK_CHARS } from '../../../common/flow-control';
import { EventBus } from '../events';
import type { TerminalBackend } from './backend';
import { benchBytes, benchChunks } from './bench-source';
import { createTerminalService } from './terminal-service';

// @xterm/headless is CommonJS without exports Node can detect statically: require it.
const { Terminal } = createRequire(import.meta.url)('@xterm/headless') as typeof XtermHeadless;

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outFile = outIndex >= 0 ? args[outIndex + 1] : undefined;
const mib = Number(args.find((a, i) => /^\d+(\.\d+)?$/.test(a) && i !== outIndex + 1) ?? 32);
const totalBytes = Math.round(mib * 2 ** 20);
const CHUNK = 65_536;

const newTerminal = () => new Terminal({ cols: 160, rows: 50, scrollback: 1000, allowProposedApi: true });
const mbps = (bytes: number, ms: number) => bytes / 2 ** 20 / (ms / 1000);

async function headless(kind: 'string' | 'utf8'): Promise<number> {
  const chunks = [...benchChunks(totalBytes, { chunkBytes: CHUNK })];
  const { StringDecoder } = await import('node:string_decoder');
  const decoder = new StringDecoder('utf8');
  const input = kind === 'string' ? chunks.map((c) => decoder.write(c)) : chunks.map((c) => new Uint8Array(c));
  const term = newTerminal();
  const start = performance.now();
  await new Promise<void>((resolve) => {
    input.forEach((chunk, i) => term.write(chunk, i === input.length - 1 ? resolve : undefined));
  });
  const ms = performance.now() - start;
  term.dispose();
  return mbps(totalBytes, ms);
}

/** The stream through OutputBatcher + FlowController into a headless xterm that acks like the renderer. */
async function pipeline(): Promise<{ rate: number; maxUnacked: number; pauses: number }> {
  const events = new EventBus();
  let pauses = 0;
  // Generated up front, as for the baseline, so generation is not timed.
  const source = [...benchChunks(totalBytes, { chunkBytes: CHUNK })].values();
  const backend = (): TerminalBackend => {
    let paused = false;
    let onData: (data: string) => void = () => {};
    let onExit: (code: number | null) => void = () => {};
    const pump = () => {
      if (paused) return;
      const next = source.next();
      if (next.done) return onExit(0);
      onData(next.value as unknown as string); // bytes, as an SSH channel gives them
      setImmediate(pump);
    };
    setImmediate(pump);
    return {
      write() {}, resize() {}, close() { paused = true; },
      pause() { paused = true; pauses++; },
      resume() { if (paused) { paused = false; setImmediate(pump); } },
      onData(listener) { onData = listener; },
      onExit(listener) { onExit = listener; },
    };
  };
  const service = createTerminalService({ events, shells: { openShell: async () => { throw new Error('unused'); } }, localShell: backend });
  const term = newTerminal();
  const start = performance.now();
  let id = '';
  let toAck = 0;
  const done = new Promise<void>((resolve) => {
    events.subscribe((name, payload) => {
      if (name === 'terminal:data') {
        const { data } = payload as { data: string };
        term.write(data, () => {
          toAck += data.length;
          if (toAck >= FLOW_ACK_CHARS) { void service.ackTerminal(id, toAck); toAck = 0; }
        });
      }
      if (name === 'terminal:exit') term.write('', resolve);
    });
  });
  id = (await service.openTerminal('local')).terminalId;
  await done;
  const ms = performance.now() - start;
  const stats = await service.terminalStats(id);
  await service.dispose();
  term.dispose();
  return { rate: mbps(totalBytes, ms), maxUnacked: stats.maxUnacked, pauses };
}

if (outFile) {
  writeFileSync(outFile, benchBytes(totalBytes));
  console.log(`wrote ${totalBytes} bytes to ${outFile}`);
}
await headless('string'); // warm-up (JIT)
const results: string[] = [];
for (let run = 1; run <= 3; run++) {
  const s = await headless('string');
  const u = await headless('utf8');
  const p = await pipeline();
  results.push(`run ${run}: headless string ${s.toFixed(1)} MB/s, headless utf8 ${u.toFixed(1)} MB/s, batcher+flow+headless ${p.rate.toFixed(1)} MB/s (maxUnacked ${p.maxUnacked}, ${p.pauses} pauses)`);
}
console.log(`${mib} MiB of ls -lR-like output (MB = MiB):\n${results.join('\n')}`);
