// The open host-key questions on fake timers: the answer, the 2-minute timeout, a newer
// question, an abandoned connection and shutdown each end a question exactly once; a second
// connection meeting the same key waits for the same answer.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiEvents } from '../../../common/api';
import { EventBus } from '../events';
import { SshError } from '../ssh/ssh-errors';
import { HostKeyPrompts } from './host-key-prompts';
import { rejectionOf } from '../../../test/rejection';

const TIMEOUT_MS = 120_000;
const offer = { role: 'worker', address: '10.0.0.11', port: 22, label: 'kube-worker (10.0.0.11:22)' };
const FINGERPRINT = `SHA256:${'a'.repeat(43)}`;
const refusal = rejectionOf<SshError>;

let prompted: Array<ApiEvents['hostkey:prompt']>;
let prompts: HostKeyPrompts;

beforeEach(() => {
  vi.useFakeTimers();
  const events = new EventBus();
  prompted = [];
  events.subscribe((name, payload) => {
    if (name === 'hostkey:prompt') prompted.push(payload as ApiEvents['hostkey:prompt']);
  });
  prompts = new HostKeyPrompts(events, TIMEOUT_MS);
});
afterEach(() => vi.useRealTimers());

describe('host key prompts', () => {
  it('asks once per question and resolves when it is answered', async () => {
    const answered = prompts.ask(offer, 'ssh-ed25519', FINGERPRINT, new AbortController().signal);
    expect(prompted).toEqual([{ role: 'worker', address: '10.0.0.11', port: 22, keyType: 'ssh-ed25519', fingerprint: FINGERPRINT, status: 'unknown' }]);
    const question = prompts.question('worker');
    expect(question).toMatchObject({ offer, keyType: 'ssh-ed25519', fingerprint: FINGERPRINT });
    question!.settle();
    await expect(answered).resolves.toBeUndefined();
    expect(prompts.question('worker')).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('times out after exactly the timeout, saying how long it waited', async () => {
    const timedOut = refusal(prompts.ask(offer, 'ssh-ed25519', FINGERPRINT, new AbortController().signal));
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS - 1);
    expect(prompts.question('worker')).toBeDefined();
    await vi.advanceTimersByTimeAsync(1);
    const error = await timedOut;
    expect(error).toMatchObject({ kind: 'hostkey-timeout', phase: 'hostkey' });
    expect(error.message).toBe('Not connected: nobody answered the host key question for kube-worker (10.0.0.11:22) within 120 s. Nothing was sent. Connect again to see the question.');
    expect(prompts.question('worker')).toBeUndefined();
  });

  it('a newer question for the role replaces the open one', async () => {
    const first = refusal(prompts.ask(offer, 'ssh-ed25519', FINGERPRINT, new AbortController().signal));
    const second = prompts.ask(offer, 'ssh-rsa', `SHA256:${'b'.repeat(43)}`, new AbortController().signal);
    expect((await first).message).toMatch(/a newer question replaced this one\.$/);
    expect(prompts.question('worker')?.keyType).toBe('ssh-rsa');
    expect(vi.getTimerCount()).toBe(1);
    prompts.question('worker')!.settle();
    await expect(second).resolves.toBeUndefined();
  });

  it('a second connection meeting the same key waits for the same answer, without a second prompt', async () => {
    const test = new AbortController();
    const fromTest = prompts.ask(offer, 'ssh-ed25519', FINGERPRINT, test.signal);
    const fromTerminal = prompts.ask(offer, 'ssh-ed25519', FINGERPRINT, new AbortController().signal);
    expect(prompted).toHaveLength(1);
    // The test connection gives up: the question stays open for the terminal.
    test.abort();
    expect((await refusal(fromTest)).kind).toBe('disconnected');
    expect(prompts.question('worker')?.fingerprint).toBe(FINGERPRINT);
    prompts.question('worker')!.settle();
    await expect(fromTerminal).resolves.toBeUndefined();
    expect(prompts.question('worker')).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ends when the connection goes away, with its reason when it is an SshError', async () => {
    const abort = new AbortController();
    const abandoned = refusal(prompts.ask(offer, 'ssh-ed25519', FINGERPRINT, abort.signal));
    abort.abort();
    expect(await abandoned).toMatchObject({ kind: 'disconnected', message: expect.stringContaining('went away while waiting for your answer') });

    const reason = new SshError('timeout', 'reach', 'Timed out: kube-worker');
    const withReason = new AbortController();
    const timedOut = refusal(prompts.ask(offer, 'ssh-ed25519', FINGERPRINT, withReason.signal));
    withReason.abort(reason);
    expect(await timedOut).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not ask at all when the connection is already gone', async () => {
    const gone = AbortSignal.abort();
    expect(await refusal(prompts.ask(offer, 'ssh-ed25519', FINGERPRINT, gone))).toMatchObject({ kind: 'disconnected' });
    expect(prompted).toEqual([]);
    expect(prompts.question('worker')).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('dispose refuses every open question', async () => {
    const worker = refusal(prompts.ask(offer, 'ssh-ed25519', FINGERPRINT, new AbortController().signal));
    const master = refusal(prompts.ask({ ...offer, role: 'master', label: 'kube-master' }, 'ssh-ed25519', FINGERPRINT, new AbortController().signal));
    prompts.dispose();
    expect(await worker).toMatchObject({ kind: 'disconnected', message: 'Connection lost: the app is closing.' });
    expect(await master).toMatchObject({ kind: 'disconnected' });
    expect(vi.getTimerCount()).toBe(0);
  });
});
