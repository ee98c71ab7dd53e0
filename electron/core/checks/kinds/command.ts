// command: runs spec.run with `bash -c` (non-login) under `set -o pipefail`, then compares
// the exit code (default 0) and stdout/stderr (substring or /regex/).
import { quoteOutput, textMatcher } from '../expect-text';
import { shq } from '../../terminals/shell-quote';
import { fail, pass, type CheckKindRunner } from '../types';

export function commandLine(run: string): string {
  return `bash -c ${shq(`set -o pipefail\n${run}`)}`;
}

export const runCommandCheck: CheckKindRunner<'command'> = async (spec, ctx) => {
  const expect = spec.expect ?? { exitCode: 0 };
  const wantCode = expect.exitCode ?? 0;
  const r = await ctx.exec(commandLine(spec.run));
  const problems: string[] = [];
  if (r.code !== wantCode) {
    const got = r.code === null ? `killed by signal ${r.signal ?? 'unknown'}` : `exit code ${r.code}`;
    let msg = `${got}, expected ${wantCode}`;
    if (r.code === 127 && /command not found|not found/.test(r.stderr)) msg += ' (a command is not installed or not on PATH)';
    if (r.stderr.trim()) msg += `; stderr: ${quoteOutput(r.stderr)}`;
    else if (r.stdout.trim()) msg += `; stdout: ${quoteOutput(r.stdout)}`;
    problems.push(msg);
  }
  if (expect.stdout !== undefined) {
    const m = textMatcher(expect.stdout);
    if (!m.test(r.stdout)) problems.push(`stdout ${m.describe} expected; found ${quoteOutput(r.stdout)}`);
  }
  if (expect.stderr !== undefined) {
    const m = textMatcher(expect.stderr);
    if (!m.test(r.stderr)) problems.push(`stderr ${m.describe} expected; found ${quoteOutput(r.stderr)}`);
  }
  if (r.truncated && problems.length) problems.push('(the output was cut at 4 MiB)');
  if (problems.length) return fail(problems.join('; '));
  const shown = r.stdout.trim() ? `: ${quoteOutput(r.stdout, 1)}` : '';
  return pass(`exit code ${r.code ?? wantCode}${shown}`);
};
