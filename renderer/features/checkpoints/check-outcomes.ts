// Words and tones for check outcomes, the merge of live and stored results, and "5 min
// ago". Pure: the checkpoint components and their tests use it.
import type { CheckResult } from '../../../common/api';
import type { CheckSpec } from '../../../common/course';
import type { CheckOutcome, LessonProgress } from '../../../common/progress';

/** How a check item looks: a settled outcome, or waiting for its result. */
export type CheckTone = 'pass' | 'fail' | 'unreachable' | 'error' | 'timeout' | 'running' | 'unchecked';

export const OUTCOME_WORDS: Record<CheckOutcome, string> = {
  pass: 'Passed',
  fail: 'Failed',
  unreachable: 'Not reached',
  error: 'Could not check',
  timeout: 'Timed out',
};

/** One line for screen readers and the eye: what the outcome means for the learner. */
export function outcomeLabel(tone: CheckTone): string {
  switch (tone) {
    case 'running':
      return 'Checking…';
    case 'unchecked':
      return 'Not checked yet';
    default:
      return OUTCOME_WORDS[tone];
  }
}

/** A failure of the learner's work (red), as opposed to the app not getting an answer. */
export function isFailure(outcome: CheckOutcome): boolean {
  return outcome === 'fail' || outcome === 'timeout';
}

/** What a pass says worth showing: nothing for a bare "exit code 0". */
export function passNote(message: string | undefined): string | undefined {
  const m = message?.trim();
  return m && !/^exit code 0\.?$/i.test(m) ? m : undefined;
}

/** The sentence under the title when the host could not be reached: not the learner's fault. */
export function unreachableText(hostname: string): string {
  return `Couldn't reach ${hostname}, so this was not checked. It is not counted as a failure.`;
}

export function timeoutText(hostname: string): string {
  return `No answer from ${hostname} in time: the check gave up. A service that hangs or a slow machine can cause this.`;
}

export function errorText(): string {
  return 'The app could not run this check (a problem on our side or in the check itself). Try again; if it repeats, look at the message below.';
}

/** A result as the list shows it: live (this session, with hint and details) or stored. */
export interface ShownResult {
  outcome: CheckOutcome;
  message?: string;
  warning?: string;
  hint?: string;
  details?: string[];
  at: string;
  durationMs?: number;
}

/**
 * Per check, the newest of the live result (this session's run) and the stored one
 * (progress, e.g. from a start-up re-verification). The spec's hint fills in when the
 * result carries none.
 */
export function mergeResults(
  specs: readonly Pick<CheckSpec, 'id' | 'hint'>[],
  live: Readonly<Record<string, CheckResult>> | undefined,
  stored: LessonProgress['checks'] | undefined,
): Record<string, ShownResult> {
  const out: Record<string, ShownResult> = {};
  for (const spec of specs) {
    const l = live?.[spec.id];
    const s = stored?.[spec.id];
    let shown: ShownResult | undefined;
    if (l && (!s || Date.parse(l.at) >= Date.parse(s.at))) shown = { ...l };
    else if (s) shown = { ...s };
    if (!shown) continue;
    if (!shown.hint && shown.outcome !== 'pass' && spec.hint) shown.hint = spec.hint;
    out[spec.id] = shown;
  }
  return out;
}

export type CheckSummary = 'unchecked' | 'all-pass' | 'failures' | 'not-reached' | 'partial';

/** The whole list at a glance: every check passed, some failed, or some could not be checked. */
export function summarize(checkIds: readonly string[], results: Readonly<Record<string, { outcome: CheckOutcome }>>): CheckSummary {
  const outcomes = checkIds.map((id) => results[id]?.outcome);
  if (outcomes.every((o) => o === undefined)) return 'unchecked';
  if (outcomes.some((o) => o !== undefined && isFailure(o))) return 'failures';
  if (outcomes.every((o) => o === 'pass')) return 'all-pass';
  if (outcomes.some((o) => o === 'unreachable' || o === 'error')) return 'not-reached';
  return 'partial';
}

/** Counts for the summary line: "7 passed, 2 failed, 1 not reached". */
export function countOutcomes(results: readonly { outcome: CheckOutcome }[]): string {
  const n = { pass: 0, fail: 0, timeout: 0, unreachable: 0, error: 0 };
  for (const r of results) n[r.outcome]++;
  const parts: string[] = [];
  if (n.pass) parts.push(`${n.pass} passed`);
  if (n.fail) parts.push(`${n.fail} failed`);
  if (n.timeout) parts.push(`${n.timeout} timed out`);
  if (n.unreachable) parts.push(`${n.unreachable} not reached`);
  if (n.error) parts.push(`${n.error} could not run`);
  return parts.join(', ');
}

/** The newest `at` among results, or undefined. */
export function latestAt(results: readonly { at: string }[]): string | undefined {
  let best: string | undefined;
  let bestMs = -Infinity;
  for (const r of results) {
    const ms = Date.parse(r.at);
    if (Number.isFinite(ms) && ms > bestMs) {
      bestMs = ms;
      best = r.at;
    }
  }
  return best;
}

/** "just now", "5 min ago", "2 h ago", "yesterday", "3 days ago", else the date. */
export function relativeTime(at: string, now: number): string {
  const then = Date.parse(at);
  if (!Number.isFinite(then)) return 'at an unknown time';
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return 'yesterday';
  if (days < 14) return `${days} days ago`;
  return `on ${new Date(then).toISOString().slice(0, 10)}`;
}

/** "1.2 s", "340 ms". */
export function formatDuration(ms: number | undefined): string | undefined {
  if (ms === undefined || !Number.isFinite(ms)) return undefined;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** The first failing check's message, for the "passed before but fails now" banner. */
export function firstFailure(
  specs: readonly Pick<CheckSpec, 'id' | 'title'>[],
  results: Readonly<Record<string, { outcome: CheckOutcome; message?: string }>>,
): { checkId: string; title: string; message: string } | undefined {
  for (const spec of specs) {
    const r = results[spec.id];
    if (r && isFailure(r.outcome)) return { checkId: spec.id, title: spec.title ?? spec.id, message: r.message || OUTCOME_WORDS[r.outcome] };
  }
  return undefined;
}
