import { describe, expect, it, vi } from 'vitest';
import type { CheckSpec } from '../../../common/course';
import { SshError } from '../ssh/ssh-errors';
import { runLessonChecks, type CheckRunResult } from './engine';
import { HostAccessError, classifyAccessError, createHostAccess, type ConnectionLike } from './host-access';
import { fakeAccess, recorded } from './test-support';

const cmd = (id: string, run: string, extra: Record<string, unknown> = {}): CheckSpec => ({ id, kind: 'command', host: 'master', run, ...extra }) as CheckSpec;
const never = () => new Promise<never>(() => {});

describe('runLessonChecks', () => {
  // Fake timers: the deadlines and delays below are exact, whatever the machine's load.
  it('runs all checks in parallel and reports each as it finishes, in spec order', async () => {
    vi.useFakeTimers();
    try {
      const seen: CheckRunResult[] = [];
      let inFlight = 0;
      let most = 0;
      const access = fakeAccess(async (c) => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, c.includes('slow') ? 300 : 10));
        inFlight--;
        return { code: 0, stdout: '', stderr: '' };
      });
      let results: CheckRunResult[] | undefined;
      void runLessonChecks([cmd('a', 'slow'), cmd('b', 'slow'), cmd('c', 'slow'), cmd('d', 'fast')], access, { onResult: (r) => seen.push(r) }).then((r) => (results = r));
      // In parallel all four are done when the slowest is (300 ms); in turn they would need 910 ms.
      await vi.advanceTimersByTimeAsync(300);
      expect(most).toBe(4);
      expect(results?.map((r) => r.checkId)).toEqual(['a', 'b', 'c', 'd']);
      expect(seen[0]!.checkId).toBe('d');
      expect(results!.every((r) => r.outcome === 'pass' && r.durationMs >= 0 && typeof r.at === 'string')).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a transport that hangs forever → timeout at the check\'s own deadline', async () => {
    vi.useFakeTimers();
    try {
      let result: CheckRunResult | undefined;
      void runLessonChecks([cmd('h', 'sleep 600', { timeoutSeconds: 1 })], fakeAccess(never)).then(([r]) => (result = r));
      await vi.advanceTimersByTimeAsync(999);
      expect(result).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(result?.outcome).toBe('timeout');
      expect(result!.message).toBe('no answer within 1 s: the command may be hanging');
      expect(result!.durationMs).toBe(1000);
    } finally {
      vi.useRealTimers();
    }
  });

  it('the default timeout applies to checks without timeoutSeconds', async () => {
    const [r] = await runLessonChecks([cmd('h', 'x')], fakeAccess(never), { defaultTimeoutMs: 400 });
    expect(r!.outcome).toBe('timeout');
  });

  it('a hang on a host that stops answering pings → unreachable', async () => {
    const access = fakeAccess(never, { ping: () => never() });
    const [r] = await runLessonChecks([cmd('h', 'x', { timeoutSeconds: 1 })], access);
    expect(r!.outcome).toBe('unreachable');
    expect(r!.message).toMatch(/master did not answer within 1 s: the VM may be down or its network cut/);
  });

  it('host-level SSH failures → unreachable with the message; exec timeouts → timeout', async () => {
    const down = fakeAccess(() => { throw new SshError('unreachable', 'reach', 'Could not reach 10.0.0.5:22: no route to the host (EHOSTUNREACH).'); });
    const [r] = await runLessonChecks([cmd('u', 'x')], down);
    expect(r).toMatchObject({ outcome: 'unreachable', message: 'Could not reach 10.0.0.5:22: no route to the host (EHOSTUNREACH).' });
    const slow = fakeAccess(() => { throw new HostAccessError('timeout', 'x'); });
    const [t] = await runLessonChecks([cmd('t', 'x', { timeoutSeconds: 10 })], slow);
    expect(t).toMatchObject({ outcome: 'timeout', message: 'no answer within 10 s: the command may be hanging' });
  });

  it('a bug in a kind → error, never an unhandled rejection', async () => {
    const access = fakeAccess(() => ({ code: 0, stdout: 'garbage that is no systemctl output', stderr: '' }));
    const results = await runLessonChecks([{ id: 's', kind: 'systemd', host: 'master', unit: 'etcd' } as CheckSpec, cmd('bad-re', 'x', { expect: { stdout: '/[/' } })], access);
    expect(results[0]).toMatchObject({ outcome: 'error' });
    expect(results[0]!.message).toMatch(/^the check itself failed: systemctl gave no unit state/);
    expect(results[1]!.message).toMatch(/^the check itself failed: the expected pattern \/\[\/ is not a valid regular expression/);
  });

  it('an onResult listener that throws changes nothing', async () => {
    const [r] = await runLessonChecks([cmd('a', 'x')], fakeAccess(() => ({ code: 0, stdout: '', stderr: '' })), { onResult: () => { throw new Error('boom'); } });
    expect(r!.outcome).toBe('pass');
  });
});

describe('classifyAccessError', () => {
  it('maps SshError kinds and ApiErrors', () => {
    for (const kind of ['unreachable', 'auth', 'credentials', 'hostkey-changed', 'hostkey-rejected', 'disconnected'] as const) {
      expect(classifyAccessError(new SshError(kind, 'reach', 'm'))?.kind).toBe('unreachable');
    }
    expect(classifyAccessError(new SshError('timeout', 'session', 'm'), 10_000)).toMatchObject({ kind: 'timeout', message: 'no answer within 10 s: the command may be hanging' });
    expect(classifyAccessError(new SshError('timeout', 'auth', 'login slow'))?.kind).toBe('unreachable');
    expect(classifyAccessError(new TypeError('x'))).toBeUndefined();
  });
});

describe('createHostAccess', () => {
  const conn = (over: Partial<ConnectionLike> = {}): ConnectionLike => ({
    exec: async () => ({ code: 0, stdout: 'hi', stderr: '' }),
    client: { forwardOut: (_a, _b, _c, _d, cb) => cb(new Error('(SSH) Channel open failure: Connection refused'), undefined as never) },
    ...over,
  });

  it('passes exec through and classifies failures', async () => {
    const access = createHostAccess(async () => conn());
    expect(await access.exec('master', 'echo hi', { timeoutMs: 1000 })).toMatchObject({ stdout: 'hi' });
    await expect(access.forwardOut('master', '127.0.0.1', 6443, { timeoutMs: 1000 })).rejects.toMatchObject({ kind: 'forward-failed', message: 'Connection refused' });
    await access.ping!('master', 1000); // a refusal is an answer
    const failing = createHostAccess(async () => { throw new SshError('auth', 'auth', 'Login failed: root@10.0.0.5 rejected the password.'); });
    await expect(failing.exec('master', 'x', { timeoutMs: 1000 })).rejects.toMatchObject({ kind: 'unreachable', message: 'Login failed: root@10.0.0.5 rejected the password.' });
  });

  it('a connect that never finishes → unreachable within the time given', async () => {
    const access = createHostAccess(() => never());
    await expect(access.exec('worker', 'x', { timeoutMs: 200 })).rejects.toMatchObject({ kind: 'unreachable' });
    await expect(access.ping!('worker', 200)).rejects.toMatchObject({ kind: 'unreachable' });
  });

  it('an exec timeout from SshConnection → timeout', async () => {
    const access = createHostAccess(async () => conn({ exec: async () => { throw new SshError('timeout', 'session', 'Timed out: "sleep 600" did not finish within 10 s on kube-master.'); } }));
    await expect(access.exec('master', 'sleep 600', { timeoutMs: 10_000 })).rejects.toMatchObject({ kind: 'timeout', message: 'no answer within 10 s: the command may be hanging' });
  });
});

describe('recorded reader output', () => {
  it('parses the one-exec file reader as captured in the VM', async () => {
    const { parseReadFiles } = await import('./read-files');
    const rec = recorded('readfiles-etcd') as ReturnType<typeof recorded> & { paths: string[]; nonce: string };
    const files = parseReadFiles(rec.paths, rec.nonce, rec.stdout);
    expect(files.map((f) => f.ok)).toEqual([true, true, true, false]);
    expect(files[0]!.ok && files[0]!.data.toString()).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });
});
