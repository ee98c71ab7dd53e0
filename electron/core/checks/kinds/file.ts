// file: the path exists (or, with absent: true, does not), its mode (stat -c %a) and,
// with `contains`, a substring or /regex/ of its first 1 MiB.
import { quoteOutput, textMatcher } from '../expect-text';
import { shq } from '../../terminals/shell-quote';
import { fail, pass, type CheckKindRunner } from '../types';

export const FILE_CONTENT_CAP = 1024 * 1024;

/** One exec: `STAT <mode> <size> <type>` (or `MISSING <stat's error>`), then the content when asked. */
export function fileCommand(path: string, withContent: boolean): string {
  const p = shq(path);
  const lines = [
    `if s=$(stat -L -c '%a %s %F' -- ${p} 2>&1); then echo "STAT $s"; else echo "MISSING $s"; exit 0; fi`,
  ];
  if (withContent) lines.push(`head -c ${FILE_CONTENT_CAP} -- ${p}`);
  return lines.join('\n');
}

export function parseStatLine(line: string): { mode: string; size: number; type: string } | undefined {
  const m = /^STAT ([0-7]+) (\d+) (.+)$/.exec(line.trim());
  if (!m) return undefined;
  return { mode: m[1] as string, size: Number(m[2]), type: m[3] as string };
}

export const runFileCheck: CheckKindRunner<'file'> = async (spec, ctx) => {
  const r = await ctx.exec(fileCommand(spec.path, spec.contains !== undefined && !spec.absent), { maxOutputBytes: FILE_CONTENT_CAP + 4096 });
  const nl = r.stdout.indexOf('\n');
  const first = nl < 0 ? r.stdout : r.stdout.slice(0, nl);
  const content = nl < 0 ? '' : r.stdout.slice(nl + 1);
  if (first.startsWith('MISSING')) {
    const why = first.slice('MISSING'.length).trim();
    if (spec.absent) return pass(`${spec.path} does not exist, as expected`);
    if (/Permission denied/i.test(why)) return fail(`${spec.path} cannot be reached by this user (permission denied): ${why}`);
    return fail(`${spec.path} does not exist`);
  }
  const stat = parseStatLine(first);
  if (!stat) throw new Error(`unexpected output from stat: ${quoteOutput(r.stdout + r.stderr, 2)}`);
  if (spec.absent) return fail(`${spec.path} exists (a ${stat.type}, ${stat.size} bytes) but should not`);
  const problems: string[] = [];
  if (spec.mode !== undefined) {
    const want = parseInt(spec.mode, 8);
    const got = parseInt(stat.mode, 8);
    if (want !== got) problems.push(`mode is ${got.toString(8).padStart(3, '0')}, expected ${want.toString(8).padStart(3, '0')} (chmod ${want.toString(8).padStart(3, '0')} ${spec.path})`);
  }
  if (spec.contains !== undefined) {
    if (stat.type === 'directory') problems.push(`${spec.path} is a directory, not a file`);
    else {
      const m = textMatcher(spec.contains);
      if (!m.test(content)) {
        const read = r.stderr.trim() ? ` (reading it failed: ${quoteOutput(r.stderr, 1)})` : stat.size > FILE_CONTENT_CAP ? ` (only its first ${FILE_CONTENT_CAP / 1024 / 1024} MiB were read)` : '';
        problems.push(`${spec.path} has no text ${m.describe.replace(/^containing /, '')}${read}`);
      }
    }
  }
  if (problems.length) return fail(problems.join('; '));
  return pass(`${spec.path} exists (${stat.type}, mode ${stat.mode}${spec.contains !== undefined ? ', with the expected content' : ''})`);
};
