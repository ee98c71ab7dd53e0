// The terminal service against a REAL local shell (node-pty): input, output, and flow
// control under a flood, with a fake renderer that acks like xterm.js does in the app
// (after its write callback, in FLOW_ACK_BYTES steps) or never acks at all.
import { Terminal } from '@xterm/headless';
import { afterEach, describe, expect, it } from 'vitest';
import { FLOW_ACK_BYTES, FLOW_HIGH_WATERMARK_BYTES } from '../../../common/flow-control';
import { EventBus } from '../events';
import type { ShellOpener, TerminalBackend, TerminalSize } from './backend';
import { createLocalShell } from './local-shell';
import { useTestHome } from './test-support';

useTestHome();
import { OUTPUT_MAX_BATCH_BYTES } from './output-batcher';
import { createTerminalService, type TerminalService } from './terminal-service';

const noSsh: ShellOpener = { openShell: async () => { throw new Error('no SSH in this test'); } };

interface Counted { backend?: TerminalBackend; pauses: number; resumes: number }

/** A plain bash (no rc files) so the prompt and timing are predictable, with pause/resume counted. */
function countingLocalShell(counted: Counted) {
  return (size: TerminalSize): TerminalBackend => {
    const backend = createLocalShell(size, { shell: '/bin/bash', args: ['--noprofile', '--norc'], env: { ...process.env, PS1: '$ ' } });
    counted.backend = backend;
    return {
      ...backend,
      pause: () => { counted.pauses++; backend.pause(); },
      resume: () => { counted.resumes++; backend.resume(); },
    };
  };
}

async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('terminal service with a real local shell (node-pty)', () => {
  let service: TerminalService | undefined;
  afterEach(async () => {
    await service?.dispose();
    service = undefined;
  });

  it('opens the default local login shell, echoes hello and exits with a code', async () => {
    const events = new EventBus();
    let output = '';
    const exits: Array<number | null> = [];
    const states: string[] = [];
    events.subscribe((name, payload) => {
      if (name === 'terminal:data') output += Buffer.from((payload as { data: Uint8Array }).data).toString('utf8');
      if (name === 'terminal:exit') exits.push((payload as { code: number | null }).code);
      if (name === 'terminal:state') states.push((payload as { state: string }).state);
    });
    service = createTerminalService({ events, shells: noSsh });
    const { terminalId } = await service.openTerminal('local');
    expect((await service.listTerminals())[0]).toMatchObject({ terminalId, target: 'local', state: 'connected' });
    await service.resizeTerminal(terminalId, 120, 40);
    await service.writeTerminal(terminalId, 'echo hel""lo; stty size\r');
    await waitFor(() => /hello\r\n40 120\r\n/.test(output), 10_000, 'hello and the new size');
    await service.writeTerminal(terminalId, 'exit 3\r');
    await waitFor(() => exits.length > 0, 10_000, 'exit');
    expect(exits).toEqual([3]);
    expect(states).toEqual(['connecting', 'connected', 'closed']);
  });

  it('a flood with a slow xterm renderer stays within the watermark + one batch, pauses, resumes and delivers everything', async () => {
    const events = new EventBus();
    const counted: Counted = { pauses: 0, resumes: 0 };
    service = createTerminalService({ events, shells: noSsh, localShell: countingLocalShell(counted) });
    const { terminalId } = await service.openTerminal('local');
    const svc = service;

    // The fake renderer: a headless xterm.js that acks after each write callback, plus
    // a line scanner that counts the base64 payload.
    const term = new Terminal({ cols: 80, rows: 24, scrollback: 100, allowProposedApi: true });
    let toAck = 0;
    let received = 0;
    let maxBatch = 0;
    let base64Chars = 0;
    let carry = '';
    let done = false;
    events.subscribe((name, payload) => {
      if (name !== 'terminal:data') return;
      const bytes = (payload as { data: Uint8Array }).data;
      const data = Buffer.from(bytes).toString('utf8');
      received += bytes.length;
      maxBatch = Math.max(maxBatch, bytes.length);
      const lines = (carry + data).split('\r\n');
      carry = lines.pop()!;
      for (const line of lines) {
        // bash wraps each command's output in bracketed-paste toggles (CSI ?2004 l/h).
        const text = line.replaceAll('\x1b[?2004l', '').replaceAll('\x1b[?2004h', '').replace(/^\r/, '');
        if (/^[A-Za-z0-9+/=]{1,76}$/.test(text)) base64Chars += text.length;
        if (text === 'FLOOD_42_DONE') done = true;
      }
      term.write(data, () => {
        toAck += data.length;
        // Slow on purpose: each ack leaves 100 ms after xterm wrote the chunk, so the shell
        // writes faster than the renderer releases output and the high watermark is met.
        while (toAck >= FLOW_ACK_BYTES) {
          toAck -= FLOW_ACK_BYTES;
          setTimeout(() => void svc.ackTerminal(terminalId, FLOW_ACK_BYTES).catch(() => {}), 100);
        }
      });
    });

    await service.writeTerminal(terminalId, 'head -c 20000000 /dev/urandom | base64; echo FLOOD_$((6*7))_DONE\r');
    await waitFor(() => done, 90_000, 'the end of the flood');
    const stats = await service.terminalStats(terminalId);
    term.dispose();

    // base64 of 20,000,000 bytes is 26,666,668 chars, in 76-char lines.
    expect(base64Chars).toBe(26_666_668);
    expect(counted.pauses).toBeGreaterThan(0);
    expect(counted.resumes).toBeGreaterThan(0);
    expect(maxBatch).toBeLessThanOrEqual(OUTPUT_MAX_BATCH_BYTES);
    expect(stats.maxUnacked).toBeLessThanOrEqual(FLOW_HIGH_WATERMARK_BYTES + maxBatch);
    console.log(`[flood] received ${received} chars in batches up to ${maxBatch}; maxUnacked ${stats.maxUnacked} (high watermark ${FLOW_HIGH_WATERMARK_BYTES}); pauses ${counted.pauses}, resumes ${counted.resumes}`);
  }, 120_000);

  it('a renderer that never acks stops the output at the bound; RSS stays bounded; acking resumes it', async () => {
    const events = new EventBus();
    const counted: Counted = { pauses: 0, resumes: 0 };
    service = createTerminalService({ events, shells: noSsh, localShell: countingLocalShell(counted) });
    const { terminalId } = await service.openTerminal('local');
    // This renderer keeps everything it is sent (as a stalled renderer's queue would), so
    // missing flow control would show up as memory growth.
    const kept: string[] = [];
    let received = 0;
    let lastDataAt = Date.now();
    events.subscribe((name, payload) => {
      if (name !== 'terminal:data') return;
      const { data } = payload as { data: Uint8Array };
      kept.push(Buffer.from(data).toString('utf8'));
      received += data.length;
      lastDataAt = Date.now();
    });
    await sleep(300);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;

    // An endless flood.
    await service.writeTerminal(terminalId, 'base64 /dev/urandom\r');
    await waitFor(() => counted.pauses > 0, 10_000, 'the pause');
    await waitFor(() => Date.now() - lastDataAt > 1000, 10_000, 'output to stop');
    const stopped = received;
    await sleep(2000);
    const rssAfter = process.memoryUsage().rss;
    const stats = await service.terminalStats(terminalId);

    expect(received).toBe(stopped); // nothing more while unacked
    expect(stats.paused).toBe(true);
    expect(stats.unacked).toBe(received);
    expect(stats.maxUnacked).toBeLessThanOrEqual(FLOW_HIGH_WATERMARK_BYTES + OUTPUT_MAX_BATCH_BYTES);
    const growthMiB = (rssAfter - rssBefore) / 2 ** 20;
    expect(growthMiB).toBeLessThan(64);
    console.log(`[stalled] received ${received} chars then stopped; unacked ${stats.unacked}; RSS ${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssAfter / 2 ** 20).toFixed(0)} MiB (+${growthMiB.toFixed(1)})`);

    // Acking everything resumes the stream.
    await service.ackTerminal(terminalId, stats.unacked);
    expect(counted.resumes).toBe(1);
    await waitFor(() => received > stopped, 5000, 'output after the ack');
    await service.writeTerminal(terminalId, '\x03');
    await service.closeTerminal(terminalId);
    kept.length = 0;
  }, 60_000);
});
