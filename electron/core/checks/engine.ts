// The check engine: runs all checks of a lesson in parallel, each with its own deadline
// that holds even when the transport hangs, and turns every way a check can end into one
// CheckRunResult: pass | fail | unreachable | timeout | error. Nothing escapes as an
// unhandled rejection.
//
// Telling a hanging command from a dead link: at 75 % of a check's time (at most 4 s
// before its end) the engine pings the host (HostAccess.ping). If the check is still not
// done at its deadline, an answered ping means 'timeout' (the command hangs), no answer
// means 'unreachable'.
import type { CheckSpec } from '../../../common/course';
import type { CheckOutcome } from '../../../common/progress';
import { HostAccessError, classifyAccessError, hangingMessage, type HostAccess } from './host-access';
import { runKind } from './kinds';
import type { CheckContext, KindVerdict } from './types';

export const DEFAULT_CHECK_TIMEOUT_MS = 15_000;

export interface CheckRunResult {
  checkId: string;
  outcome: CheckOutcome;
  /** Exactly what was found (expected vs found), or why the check could not run. */
  message: string;
  /** On fail: the kind's own advice for this failure, else the spec's hint. */
  hint?: string;
  /** A pass (or fail) that deserves attention, e.g. a v1 CA without basicConstraints. */
  warning?: string;
  /** Supporting lines, e.g. a unit's last journal lines. */
  details?: string[];
  durationMs: number;
  /** ISO time the check finished. */
  at: string;
}

export interface RunChecksOptions {
  /** For checks without timeoutSeconds (default 15 s). */
  defaultTimeoutMs?: number;
  /** Called as each check finishes (in completion order). */
  onResult?: (result: CheckRunResult) => void;
  /** Maps a check's host (a role, or `any`) to the role to run on; default: unchanged. */
  roleFor?: (host: string) => string;
  /** Aborts all checks (e.g. the learner left the lesson). */
  signal?: AbortSignal;
  /** Pinned clock for tests. */
  now?: () => Date;
}

type Ping = 'alive' | { dead: string };

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, Math.max(0, ms));
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/** Runs one check; never rejects. `pingRole` is shared per run so a role is pinged at most once at a time. */
async function runOne(spec: CheckSpec, access: HostAccess, options: RunChecksOptions, pingRole: (role: string, ms: number) => Promise<Ping>): Promise<CheckRunResult> {
  const started = Date.now();
  const timeoutMs = spec.timeoutSeconds !== undefined ? spec.timeoutSeconds * 1000 : (options.defaultTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS);
  const deadline = started + timeoutMs;
  const role = (options.roleFor ?? ((h: string) => h))(spec.host);
  const abort = new AbortController();
  const onOuterAbort = () => abort.abort(new Error('the check run was cancelled'));
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const remainingMs = () => Math.max(1, deadline - Date.now());

  const ctx: CheckContext = {
    role,
    // Checks only read: their commands may share a long-lived shell (host-access.ts).
    exec: (command, o = {}) => access.exec(role, command, {
      readOnly: true,
      timeoutMs: Math.min(o.timeoutMs ?? Infinity, remainingMs()),
      ...(o.maxOutputBytes !== undefined ? { maxOutputBytes: o.maxOutputBytes } : {}),
    }),
    forwardOut: (host, port) => access.forwardOut(role, host, port, { timeoutMs: remainingMs() }),
    signal: abort.signal,
    remainingMs,
    now: options.now ?? (() => new Date()),
  };

  type Settled = { verdict: KindVerdict } | { error: unknown };
  const work: Promise<Settled> = (async () => {
    try {
      return { verdict: await runKind(spec, ctx) };
    } catch (error) {
      return { error };
    }
  })();

  const finish = (outcome: CheckOutcome, message: string, extra: Partial<CheckRunResult> = {}): CheckRunResult => {
    abort.abort(new Error(message));
    options.signal?.removeEventListener('abort', onOuterAbort);
    return { checkId: spec.id, outcome, message, ...extra, durationMs: Date.now() - started, at: new Date().toISOString() };
  };
  const fromSettled = (s: Settled): CheckRunResult => {
    if ('verdict' in s) {
      const v = s.verdict;
      const hint = v.outcome === 'fail' ? (v.hint ?? spec.hint) : undefined;
      return finish(v.outcome, v.message, {
        ...(hint ? { hint } : {}),
        ...(v.warning ? { warning: v.warning } : {}),
        ...(v.details && v.details.length ? { details: v.details } : {}),
      });
    }
    const access = classifyAccessError(s.error, timeoutMs);
    if (access?.kind === 'unreachable') return finish('unreachable', access.message);
    if (access?.kind === 'timeout') return finish('timeout', hangingMessage(timeoutMs));
    return finish('error', `the check itself failed: ${errorText(s.error)}`);
  };
  const isTimeout = (s: Settled) => 'error' in s && classifyAccessError(s.error, timeoutMs)?.kind === 'timeout';

  // Phase 1: until the ping point.
  const pingAt = Math.max(timeoutMs * 0.75, timeoutMs - 4000);
  const first: Settled | 'tick' = await Promise.race([work, sleep(started + pingAt - Date.now(), abort.signal).then(() => 'tick' as const)]);
  if (options.signal?.aborted) return finish('error', 'the check run was cancelled');
  if (first !== 'tick' && !isTimeout(first)) return fromSettled(first);

  // Phase 2: the check is slow (or its command timed out early): ping the host while it goes on.
  const pinged = pingRole(role, Math.max(1, deadline - Date.now() - 100));
  const second: Settled | 'end' = first === 'tick' ? await Promise.race([work, sleep(deadline - Date.now(), abort.signal).then(() => 'end' as const)]) : first;
  if (second !== 'end' && !isTimeout(second)) return fromSettled(second);
  // The deadline passed (or the command timed out): was the host there at all?
  const ping = await Promise.race([pinged, sleep(Math.max(0, deadline - Date.now()) + 500).then((): Ping => ({ dead: `${role} did not answer within ${Math.round(timeoutMs / 1000)} s: the VM may be down or its network cut.` }))]);
  if (ping !== 'alive') return finish('unreachable', ping.dead);
  return finish('timeout', hangingMessage(timeoutMs));
}

/**
 * Runs the checks of a lesson, all in parallel; resolves with one result per check, in
 * the order of `checks`. Specs must have their {{variables}} resolved already.
 */
export async function runLessonChecks(checks: CheckSpec[], access: HostAccess, options: RunChecksOptions = {}): Promise<CheckRunResult[]> {
  const pings = new Map<string, Promise<Ping>>();
  const pingRole = (role: string, ms: number): Promise<Ping> => {
    let p = pings.get(role);
    if (!p) {
      p = (async (): Promise<Ping> => {
        if (!access.ping) return 'alive';
        try {
          await access.ping(role, ms);
          return 'alive';
        } catch (err) {
          const c = classifyAccessError(err);
          if (c?.kind === 'unreachable') return { dead: c.message };
          if (err instanceof HostAccessError) return { dead: err.message };
          return 'alive'; // a ping that broke for another reason proves nothing either way
        }
      })().finally(() => setTimeout(() => pings.delete(role), 0));
      pings.set(role, p);
    }
    return p;
  };
  return Promise.all(checks.map(async (spec) => {
    let result: CheckRunResult;
    try {
      result = await runOne(spec, access, options, pingRole);
    } catch (err) {
      result = { checkId: spec.id, outcome: 'error', message: `the check itself failed: ${errorText(err)}`, durationMs: 0, at: new Date().toISOString() };
    }
    try {
      options.onResult?.(result);
    } catch {
      // a listener's bug must not change the result
    }
    return result;
  }));
}
