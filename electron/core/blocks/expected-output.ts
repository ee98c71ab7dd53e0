// A block's expected output (`expect=` on its fence): what a run that exited 0 must also
// have printed. The terminal echoes the pasted commands, so their lines are left out first:
// a command that names the text it expects does not pass by itself.
import { textMatcher } from '../checks/expect-text';

/** The run's output without the echo of the block's own lines (each line's first echo). */
export function withoutEcho(output: string, code: string): string {
  const lines = output.split('\n');
  for (const raw of code.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const at = lines.findIndex((l) => l.trimEnd().endsWith(line));
    if (at >= 0) lines.splice(at, 1);
  }
  return lines.join('\n');
}

/** Undefined when every expectation is met, else "the output lacks `is healthy`". */
export function outputMismatch(expect: readonly string[] | undefined, output: string, code: string): string | undefined {
  if (!expect?.length) return undefined;
  const text = withoutEcho(output, code);
  const missing = expect.filter((e) => !textMatcher(e).test(text));
  if (missing.length === 0) return undefined;
  return `the output lacks ${missing.map((m) => `\`${m}\``).join(' and ')}`;
}
