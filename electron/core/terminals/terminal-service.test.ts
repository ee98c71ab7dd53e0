// The terminal service against a fake ShellOpener. The SSH layer (electron/core/ssh,
// electron/core/hosts) is another engineer's and has its own lab tests against real VMs;
// here a test double stands in for it so we can drop links, reject connects and control
// time exactly. The real-shell tests (node-pty) are in terminal-service.local.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiEvents, EventName, TerminalInfo } from '../../../common/api';
import { ApiError } from '../../../common/errors';
import { FLOW_HIGH_WATERMARK_BYTES, OUTPUT_BATCH_MS } from '../../../common/flow-control';
import { EventBus } from '../events';
import type { ShellOpener, TerminalBackend, TerminalSize } from './backend';
import { reconnectDelayMs } from './reconnect-backoff';
import { skippedNotice } from './terminal-session';
import { createTerminalService, type TerminalService } from './terminal-service';
import { reconnectNotice } from './terminal-session';

class FakeBackend implements TerminalBackend {
  written: string[] = [];
  sizes: TerminalSize[] = [];
  pauses = 0;
  resumes = 0;
  paused = false;
  closed = false;
  private dataListeners: Array<(data: Uint8Array | string) => void> = [];
  private exitListeners: Array<(code: number | null, reason?: string) => void> = [];
  constructor(readonly openedWith: TerminalSize) {}
  write(data: string) { this.written.push(data); }
  resize(cols: number, rows: number) { this.sizes.push({ cols, rows }); }
  pause() { this.pauses++; this.paused = true; }
  resume() { this.resumes++; this.paused = false; }
  onData(listener: (data: Uint8Array | string) => void) { this.dataListeners.push(listener); }
  onExit(listener: (code: number | null, reason?: string) => void) { this.exitListeners.push(listener); }
  close() { this.closed = true; }
  /** Output as a real backend delivers it: bytes. */
  emit(data: string | Uint8Array) { for (const l of this.dataListeners) l(typeof data === 'string' ? Buffer.from(data) : data); }
  exit(code: number | null, reason?: string) { for (const l of this.exitListeners) l(code, reason); }
}

/** Each openShell call takes the next scripted outcome (default: a fresh backend). */
class FakeShells implements ShellOpener {
  calls: Array<{ role: string; size: TerminalSize }> = [];
  backends: FakeBackend[] = [];
  script: Array<'ok' | Error | 'hang'> = [];
  pending: Array<{ resolve: (b: TerminalBackend) => void; size: TerminalSize }> = [];
  async openShell(role: string, size: TerminalSize): Promise<TerminalBackend> {
    this.calls.push({ role, size: { ...size } });
    const next = this.script.shift() ?? 'ok';
    if (next instanceof Error) throw next;
    if (next === 'hang') return new Promise((resolve) => this.pending.push({ resolve, size }));
    const backend = new FakeBackend(size);
    this.backends.push(backend);
    return backend;
  }
  get last(): FakeBackend { return this.backends.at(-1)!; }
}

interface Logged { name: EventName; payload: ApiEvents[EventName] }

function setup(options: { high?: number; low?: number; maxBatch?: number } = {}) {
  const events = new EventBus();
  const log: Logged[] = [];
  events.subscribe((name, payload) => log.push({ name, payload }));
  const shells = new FakeShells();
  const service = createTerminalService({
    events,
    shells,
    random: () => 0,
    localShell: () => { throw new Error('no local shell in this test'); },
    flow: { highWatermark: options.high, lowWatermark: options.low, maxBatchBytes: options.maxBatch },
  });
  const states = (id: string) => log.filter((e) => e.name === 'terminal:state' && (e.payload as TerminalInfo).terminalId === id).map((e) => e.payload as TerminalInfo);
  const data = (id: string) => log.filter((e) => e.name === 'terminal:data' && (e.payload as { terminalId: string }).terminalId === id).map((e) => Buffer.from((e.payload as { data: Uint8Array }).data).toString('utf8'));
  return { events, log, shells, service, states, data };
}

async function expectApiError(promise: Promise<unknown>, code: string, message?: RegExp) {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).code).toBe(code);
  if (message) expect((error as ApiError).message).toMatch(message);
}

describe('terminal service (fake SSH opener)', () => {
  let service: TerminalService | undefined;
  beforeEach(() => vi.useFakeTimers());
  afterEach(async () => {
    await service?.dispose();
    vi.useRealTimers();
  });

  it('opens a shell at 80x24 with an unguessable id: connecting → connected', async () => {
    const t = setup();
    service = t.service;
    const { terminalId } = await service.openTerminal('kube-worker');
    const other = await service.openTerminal('kube-worker');
    expect(terminalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(other.terminalId).not.toBe(terminalId);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.shells.calls[0]).toEqual({ role: 'kube-worker', size: { cols: 80, rows: 24 } });
    expect(t.states(terminalId).map((s) => s.state)).toEqual(['connecting', 'connected']);
    expect(await service.listTerminals()).toContainEqual({ terminalId, target: 'kube-worker', state: 'connected' });
  });

  it('sends output after a quiet frame at once, batches what follows into one terminal:data per frame, and writes input through', async () => {
    const t = setup();
    service = t.service;
    const { terminalId } = await service.openTerminal('kube-worker');
    await vi.advanceTimersByTimeAsync(0);
    t.shells.last.emit('>'); // an echo or a prompt: no frame of delay
    expect(t.data(terminalId)).toEqual(['>']);
    t.shells.last.emit('a');
    t.shells.last.emit(Buffer.from('b'));
    t.shells.last.emit('c');
    expect(t.data(terminalId)).toEqual(['>']);
    await vi.advanceTimersByTimeAsync(OUTPUT_BATCH_MS);
    expect(t.data(terminalId)).toEqual(['>', 'abc']);
    await vi.advanceTimersByTimeAsync(OUTPUT_BATCH_MS);
    t.shells.last.emit('d'); // quiet for a frame again
    expect(t.data(terminalId)).toEqual(['>', 'abc', 'd']);
    await service.writeTerminal(terminalId, 'ls\r');
    expect(t.shells.last.written).toEqual(['ls\r']);
    expect(await service.terminalStats(terminalId)).toEqual({ terminalId, unacked: 5, maxUnacked: 5, paused: false, highWatermark: FLOW_HIGH_WATERMARK_BYTES });
  });

  it('answers NOT_FOUND for an unknown id on every operation', async () => {
    const t = setup();
    service = t.service;
    await expectApiError(service.writeTerminal('nope', 'x'), 'NOT_FOUND');
    await expectApiError(service.resizeTerminal('nope', 80, 24), 'NOT_FOUND');
    await expectApiError(service.ackTerminal('nope', 1), 'NOT_FOUND');
    await expectApiError(service.closeTerminal('nope'), 'NOT_FOUND');
    await expectApiError(service.reconnectTerminal('nope'), 'NOT_FOUND');
    await expectApiError(service.terminalStats('nope'), 'NOT_FOUND');
  });

  it('pauses the backend at the high watermark, holds further output, resumes below the low one', async () => {
    const t = setup({ high: 100, low: 10, maxBatch: 40 });
    service = t.service;
    const { terminalId } = await service.openTerminal('kube-worker');
    await vi.advanceTimersByTimeAsync(0);
    const backend = t.shells.last;
    backend.emit('x'.repeat(250)); // a flood in one chunk, sliced into batches of 40
    await vi.advanceTimersByTimeAsync(OUTPUT_BATCH_MS * 5);
    let stats = await service.terminalStats(terminalId);
    expect(stats.paused).toBe(true);
    expect(backend.pauses).toBe(1);
    expect(stats.unacked).toBe(120); // three batches: the third crossed 100
    expect(stats.maxUnacked).toBeLessThanOrEqual(100 + 40);
    backend.emit('y'.repeat(500)); // in flight when the pause landed: held, not sent
    await vi.advanceTimersByTimeAsync(OUTPUT_BATCH_MS * 5);
    expect((await service.terminalStats(terminalId)).unacked).toBe(120);
    await service.ackTerminal(terminalId, 100);
    expect(backend.resumes).toBe(0); // 20 left: not below 10
    await service.ackTerminal(terminalId, 15);
    expect(backend.resumes).toBe(1);
    // A renderer that acks everything it gets drains the rest, never past the bound.
    for (let i = 0; i < 50; i++) {
      await vi.advanceTimersByTimeAsync(OUTPUT_BATCH_MS);
      stats = await service.terminalStats(terminalId);
      await service.ackTerminal(terminalId, stats.unacked);
    }
    expect(t.data(terminalId).join('')).toBe('x'.repeat(250) + 'y'.repeat(500));
    expect(stats.maxUnacked).toBeLessThanOrEqual(140);
    expect(t.data(terminalId).every((d) => d.length <= 40)).toBe(true);
  });

  it('counts each viewer on its own: a fast window cannot release output a slow one has not processed', async () => {
    const t = setup({ high: 100, low: 10, maxBatch: 40 });
    service = t.service;
    const { terminalId } = await service.openTerminal('kube-worker', 'fast');
    await vi.advanceTimersByTimeAsync(0);
    await service.ackTerminal(terminalId, 0, 'slow'); // a second window adopts it
    const backend = t.shells.last;
    backend.emit('x'.repeat(250));
    await vi.advanceTimersByTimeAsync(OUTPUT_BATCH_MS * 5);
    expect(backend.pauses).toBe(1);
    // The fast window acknowledges everything, many times over: the slow one still holds it.
    for (let i = 0; i < 5; i++) await service.ackTerminal(terminalId, 1_000, 'fast');
    expect(backend.resumes).toBe(0);
    expect(await service.terminalStats(terminalId)).toMatchObject({ unacked: 120, paused: true });
    // The slow one catches up: output flows again, and never more than the bound unacknowledged.
    await service.ackTerminal(terminalId, 120, 'slow');
    expect(backend.resumes).toBe(1);
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(OUTPUT_BATCH_MS);
      const { unacked } = await service.terminalStats(terminalId);
      await service.ackTerminal(terminalId, unacked, 'fast');
      await service.ackTerminal(terminalId, unacked, 'slow');
    }
    expect(t.data(terminalId).join('')).toBe('x'.repeat(250));
    expect((await service.terminalStats(terminalId)).maxUnacked).toBeLessThanOrEqual(140);
  });

  it('a window that goes away (closed, reloaded, socket dropped) stops holding the terminal', async () => {
    const t = setup({ high: 100, low: 10, maxBatch: 40 });
    service = t.service;
    const { terminalId } = await service.openTerminal('kube-worker', 'fast');
    await vi.advanceTimersByTimeAsync(0);
    await service.ackTerminal(terminalId, 0, 'hidden');
    const backend = t.shells.last;
    backend.emit('x'.repeat(250));
    await vi.advanceTimersByTimeAsync(OUTPUT_BATCH_MS * 5);
    await service.ackTerminal(terminalId, 120, 'fast');
    expect(backend.resumes).toBe(0);
    service.viewerGone('hidden');
    expect(backend.resumes).toBe(1);
    // From now on the fast window alone sets the pace.
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(OUTPUT_BATCH_MS);
      await service.ackTerminal(terminalId, (await service.terminalStats(terminalId)).unacked, 'fast');
    }
    expect(t.data(terminalId).join('')).toBe('x'.repeat(250));
  });

  it('a window that stops keeping up (a hidden tab) is set aside after 5 s: the others go on, it gets no output until it catches up', async () => {
    const t = setup({ high: 100, low: 10, maxBatch: 40 });
    service = t.service;
    // What each window receives, as the hosts deliver it (an event's audience).
    const got = new Map<string, string>([['fast', ''], ['hidden', '']]);
    t.events.subscribe((name, payload, audience) => {
      if (name !== 'terminal:data') return;
      for (const viewer of got.keys()) if (!audience || audience(viewer)) got.set(viewer, got.get(viewer)! + Buffer.from((payload as { data: Uint8Array }).data).toString('utf8'));
    });
    const { terminalId } = await service.openTerminal('kube-worker', 'fast');
    await vi.advanceTimersByTimeAsync(0);
    await service.ackTerminal(terminalId, 0, 'hidden');
    const backend = t.shells.last;
    const ackAllFast = async () => service!.ackTerminal(terminalId, got.get('fast')!.length, 'fast');
    backend.emit('x'.repeat(250));
    await vi.advanceTimersByTimeAsync(OUTPUT_BATCH_MS * 5);
    await ackAllFast();
    expect(backend.resumes).toBe(0); // the hidden one holds it…
    await vi.advanceTimersByTimeAsync(4_900);
    expect(backend.resumes).toBe(0);
    await vi.advanceTimersByTimeAsync(100); // …for 5 s, then it is set aside
    expect(backend.resumes).toBe(1);
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(OUTPUT_BATCH_MS);
      await service.ackTerminal(terminalId, 1_000, 'fast');
    }
    backend.emit('y'.repeat(50));
    await vi.advanceTimersByTimeAsync(OUTPUT_BATCH_MS * 3);
    expect(got.get('fast')).toBe('x'.repeat(250) + 'y'.repeat(50));
    expect(got.get('hidden')).toBe('x'.repeat(120)); // what it had before it was set aside
    // It catches up (acknowledges what it had): it rejoins, told that output was skipped.
    await service.ackTerminal(terminalId, 120, 'hidden');
    expect(got.get('hidden')).toBe('x'.repeat(120) + skippedNotice());
    backend.emit('z'.repeat(5));
    await vi.advanceTimersByTimeAsync(OUTPUT_BATCH_MS * 3);
    expect(got.get('hidden')!.endsWith('zzzzz')).toBe(true);
    expect(got.get('fast')!.endsWith('zzzzz')).toBe(true);
    expect(got.get('fast')).not.toContain('skipped');
  });

  it('a window alone is never set aside, however slow: it keeps every char', async () => {
    const t = setup({ high: 100, low: 10, maxBatch: 40 });
    service = t.service;
    const { terminalId } = await service.openTerminal('kube-worker', 'only');
    await vi.advanceTimersByTimeAsync(0);
    const backend = t.shells.last;
    backend.emit('x'.repeat(250));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(backend.resumes).toBe(0);
    for (let i = 0; i < 10; i++) {
      await service.ackTerminal(terminalId, (await service.terminalStats(terminalId)).unacked, 'only');
      await vi.advanceTimersByTimeAsync(OUTPUT_BATCH_MS);
    }
    expect(t.data(terminalId).join('')).toBe('x'.repeat(250));
  });

  it('a terminal no window watches (opened for a block run) is never paused', async () => {
    const t = setup({ high: 100, low: 10, maxBatch: 40 });
    service = t.service;
    const terminalId = await service.terminalFor('kube-worker');
    await vi.advanceTimersByTimeAsync(0);
    const backend = t.shells.last;
    backend.emit('x'.repeat(500));
    await vi.advanceTimersByTimeAsync(OUTPUT_BATCH_MS * 20);
    expect(backend.pauses).toBe(0);
    expect(t.data(terminalId).join('')).toBe('x'.repeat(500));
    // A window that shows it joins with its first acknowledgement, and holds it from then on.
    await service.ackTerminal(terminalId, 500, 'window');
    backend.emit('y'.repeat(200));
    await vi.advanceTimersByTimeAsync(OUTPUT_BATCH_MS * 10);
    expect(backend.pauses).toBe(1);
  });

  it('remembers a resize and re-applies it on reconnect', async () => {
    const t = setup();
    service = t.service;
    const { terminalId } = await service.openTerminal('kube-worker');
    await vi.advanceTimersByTimeAsync(0);
    await service.resizeTerminal(terminalId, 132, 40);
    expect(t.shells.last.sizes).toEqual([{ cols: 132, rows: 40 }]);
    t.shells.last.exit(null, 'connection reset');
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.shells.calls[1]!.size).toEqual({ cols: 132, rows: 40 });
  });

  it('applies a resize that arrives while connecting', async () => {
    const t = setup();
    service = t.service;
    t.shells.script.push('hang');
    const { terminalId } = await service.openTerminal('kube-worker');
    await service.resizeTerminal(terminalId, 100, 30);
    const backend = new FakeBackend({ cols: 80, rows: 24 });
    t.shells.pending[0]!.resolve(backend);
    await vi.advanceTimersByTimeAsync(0);
    expect(backend.sizes).toEqual([{ cols: 100, rows: 30 }]);
  });

  it('link drop: disconnected (reason) → reconnecting with backoff → connected, with a notice line', async () => {
    const t = setup();
    service = t.service;
    const { terminalId } = await service.openTerminal('kube-worker');
    await vi.advanceTimersByTimeAsync(0);
    t.shells.last.emit('before');
    t.shells.last.exit(null, 'ECONNRESET: connection reset by peer');
    const afterDrop = t.states(terminalId).slice(2);
    expect(afterDrop).toEqual([
      { terminalId, target: 'kube-worker', state: 'disconnected', detail: 'ECONNRESET: connection reset by peer' },
      { terminalId, target: 'kube-worker', state: 'reconnecting', detail: 'retrying in 1 s (attempt 1)' },
    ]);
    await expectApiError(service.writeTerminal(terminalId, 'ls\r'), 'FAILED_PRECONDITION', /^kube-worker is disconnected; reconnecting…$/);
    await vi.advanceTimersByTimeAsync(999);
    expect(t.shells.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.shells.calls).toHaveLength(2);
    expect(t.states(terminalId).at(-1)!.state).toBe('connected');
    t.shells.last.emit('after');
    await vi.advanceTimersByTimeAsync(OUTPUT_BATCH_MS);
    expect(t.data(terminalId).join('')).toBe('before' + reconnectNotice('kube-worker') + 'after');
    expect(reconnectNotice('kube-worker')).toBe('\r\n\x1b[2m— reconnected to kube-worker —\x1b[0m\r\n');
    expect(t.log.some((e) => e.name === 'terminal:exit')).toBe(false);
    await service.writeTerminal(terminalId, 'ls\r');
    expect(t.shells.last.written).toEqual(['ls\r']);
  });

  it('backs off 1, 2, 4, 8, 16, 30, 30 s while connects fail, showing the ApiError message', async () => {
    const t = setup();
    service = t.service;
    const refused = new ApiError('FAILED_PRECONDITION', 'kube-worker (10.0.0.6:22) is unreachable: connect ECONNREFUSED');
    t.shells.script.push(refused, refused, refused, refused, refused, refused, refused, 'ok');
    const { terminalId } = await service.openTerminal('kube-worker');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.states(terminalId).slice(0, 3)).toEqual([
      { terminalId, target: 'kube-worker', state: 'connecting' },
      { terminalId, target: 'kube-worker', state: 'disconnected', detail: refused.message },
      { terminalId, target: 'kube-worker', state: 'reconnecting', detail: 'retrying in 1 s (attempt 1)' },
    ]);
    const delays = [1000, 2000, 4000, 8000, 16000, 30000, 30000];
    for (const [i, delay] of delays.entries()) {
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(t.shells.calls).toHaveLength(1 + i);
      await vi.advanceTimersByTimeAsync(1);
      expect(t.shells.calls).toHaveLength(2 + i);
    }
    const details = t.states(terminalId).filter((s) => s.detail?.startsWith('retrying')).map((s) => s.detail);
    expect(details).toEqual(delays.map((d, i) => `retrying in ${d / 1000} s (attempt ${i + 1})`));
    expect(t.states(terminalId).at(-1)!.state).toBe('connected');
  });

  it('jitter shortens the delay by at most 20 % and never exceeds 30 s', () => {
    expect(reconnectDelayMs(1, undefined, () => 0)).toBe(1000);
    expect(reconnectDelayMs(1, undefined, () => 1)).toBe(800);
    expect(reconnectDelayMs(3, undefined, () => 0.5)).toBe(3600);
    for (let attempt = 1; attempt < 40; attempt++) {
      const d = reconnectDelayMs(attempt);
      expect(d).toBeGreaterThanOrEqual(0.8 * Math.min(30_000, 1000 * 2 ** (attempt - 1)));
      expect(d).toBeLessThanOrEqual(30_000);
    }
  });

  it('reconnectTerminal reconnects at once and resets the backoff', async () => {
    const t = setup();
    service = t.service;
    const refused = new ApiError('FAILED_PRECONDITION', 'unreachable');
    t.shells.script.push(refused, refused, refused);
    const { terminalId } = await service.openTerminal('kube-worker');
    await vi.advanceTimersByTimeAsync(1000 + 2000);
    expect(t.shells.calls).toHaveLength(3);
    expect(t.states(terminalId).at(-1)!.detail).toBe('retrying in 4 s (attempt 3)');
    await service.reconnectTerminal(terminalId);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.shells.calls).toHaveLength(4);
    expect(t.states(terminalId).at(-1)!.state).toBe('connected');
    // The pending 4 s timer was cancelled.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.shells.calls).toHaveLength(4);
    // Later drops start again at 1 s.
    t.shells.last.exit(null, 'gone');
    expect(t.states(terminalId).at(-1)!.detail).toBe('retrying in 1 s (attempt 1)');
  });

  it('a manual reconnect of a live link replaces it and ignores the old one', async () => {
    const t = setup();
    service = t.service;
    const { terminalId } = await service.openTerminal('kube-worker');
    await vi.advanceTimersByTimeAsync(0);
    const old = t.shells.last;
    await service.reconnectTerminal(terminalId);
    await vi.advanceTimersByTimeAsync(0);
    expect(old.closed).toBe(true);
    old.emit('stale');
    old.exit(null, 'late');
    await vi.advanceTimersByTimeAsync(OUTPUT_BATCH_MS);
    expect(t.data(terminalId).join('')).toBe(reconnectNotice('kube-worker'));
    expect(t.states(terminalId).at(-1)!.state).toBe('connected');
    expect(t.shells.calls).toHaveLength(2);
  });

  it('a normal exit emits terminal:exit after the last output, then closed, and does not reconnect', async () => {
    const t = setup();
    service = t.service;
    const { terminalId } = await service.openTerminal('kube-worker');
    await vi.advanceTimersByTimeAsync(0);
    t.shells.last.emit('exit\r\n'); // goes out at once; what follows waits for the frame
    t.shells.last.emit('logout\r\n');
    t.shells.last.exit(0);
    expect(t.log.some((e) => e.name === 'terminal:exit')).toBe(false);
    await vi.advanceTimersByTimeAsync(OUTPUT_BATCH_MS);
    const tail = t.log.slice(-3).map((e) => e.name);
    expect(tail).toEqual(['terminal:data', 'terminal:exit', 'terminal:state']);
    expect(t.log.at(-2)!.payload).toEqual({ terminalId, code: 0 });
    expect(t.states(terminalId).at(-1)).toEqual({ terminalId, target: 'kube-worker', state: 'closed', detail: 'exited with code 0' });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(t.shells.calls).toHaveLength(1);
    await expectApiError(service.writeTerminal(terminalId, 'x'), 'FAILED_PRECONDITION', /has exited/);
    // The learner can ask for a new shell on the same terminal.
    await service.reconnectTerminal(terminalId);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.shells.calls).toHaveLength(2);
    expect(t.states(terminalId).at(-1)!.state).toBe('connected');
  });

  it('closeTerminal closes the backend, stops reconnecting and forgets the terminal', async () => {
    const t = setup();
    service = t.service;
    const { terminalId } = await service.openTerminal('kube-worker');
    await vi.advanceTimersByTimeAsync(0);
    const backend = t.shells.last;
    backend.exit(null, 'dropped');
    await service.closeTerminal(terminalId);
    expect(t.states(terminalId).at(-1)!.state).toBe('closed');
    await vi.advanceTimersByTimeAsync(120_000);
    expect(t.shells.calls).toHaveLength(1);
    expect(await service.listTerminals()).toEqual([]);
    await expectApiError(service.writeTerminal(terminalId, 'x'), 'NOT_FOUND');
    const second = await service.openTerminal('kube-worker');
    await vi.advanceTimersByTimeAsync(0);
    await service.closeTerminal(second.terminalId);
    expect(t.shells.last.closed).toBe(true);
  });

  it('a shell that opens after its terminal was closed is closed at once', async () => {
    const t = setup();
    service = t.service;
    t.shells.script.push('hang');
    const { terminalId } = await service.openTerminal('kube-worker');
    await service.closeTerminal(terminalId);
    const late = new FakeBackend({ cols: 80, rows: 24 });
    t.shells.pending[0]!.resolve(late);
    await vi.advanceTimersByTimeAsync(0);
    expect(late.closed).toBe(true);
  });

  it('writeTerminal while connecting is refused', async () => {
    const t = setup();
    service = t.service;
    t.shells.script.push('hang');
    const { terminalId } = await service.openTerminal('kube-control');
    await expectApiError(service.writeTerminal(terminalId, 'x'), 'FAILED_PRECONDITION', /kube-control is still connecting/);
  });

  it('a new link stays paused while the renderer is still behind', async () => {
    const t = setup({ high: 100, low: 10, maxBatch: 200 });
    service = t.service;
    const { terminalId } = await service.openTerminal('kube-worker');
    await vi.advanceTimersByTimeAsync(0);
    t.shells.last.emit('z'.repeat(150));
    await vi.advanceTimersByTimeAsync(OUTPUT_BATCH_MS);
    expect((await service.terminalStats(terminalId)).paused).toBe(true);
    t.shells.last.exit(null, 'dropped');
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.shells.last.paused).toBe(true);
    await service.ackTerminal(terminalId, 150);
    expect(t.shells.last.paused).toBe(false);
    await vi.advanceTimersByTimeAsync(OUTPUT_BATCH_MS);
    expect(t.data(terminalId).at(-1)).toBe(reconnectNotice('kube-worker'));
  });

  it('dispose closes every backend and clears every timer', async () => {
    const t = setup();
    t.shells.script.push(new ApiError('FAILED_PRECONDITION', 'auth failed'));
    await t.service.openTerminal('kube-worker');
    await t.service.openTerminal('kube-control');
    await vi.advanceTimersByTimeAsync(0);
    t.shells.last.emit('first output'); // sent at once
    t.shells.last.emit('pending output');
    expect(vi.getTimerCount()).toBe(2); // one retry, one batch
    await t.service.dispose();
    expect(vi.getTimerCount()).toBe(0);
    expect(t.shells.backends.every((b) => b.closed)).toBe(true);
    expect(await t.service.listTerminals()).toEqual([]);
  });

  it('a local shell that cannot start is an INTERNAL error, not a terminal', async () => {
    const t = setup();
    service = t.service;
    await expectApiError(service.openTerminal('local'), 'INTERNAL', /could not start the local shell: no local shell in this test/);
    expect(await service.listTerminals()).toEqual([]);
  });
});
