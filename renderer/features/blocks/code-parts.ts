// Splits a command block's text into plain text and `{{variable}}` placeholders, so the
// view can draw placeholders as chips. Pure: no DOM, no React.
import { VARIABLE_PATTERN } from '../../../common/course';

export type CodePart =
  | { kind: 'text'; text: string }
  /** `raw` is the placeholder exactly as written (e.g. `{{ master.ip }}`), `name` is `master.ip`. */
  | { kind: 'variable'; name: string; raw: string };

export function splitCode(code: string): CodePart[] {
  const parts: CodePart[] = [];
  let last = 0;
  // matchAll works on a copy of the global pattern, so its lastIndex is never shared.
  for (const m of code.matchAll(VARIABLE_PATTERN)) {
    const start = m.index;
    if (start > last) parts.push({ kind: 'text', text: code.slice(last, start) });
    parts.push({ kind: 'variable', name: m[1] as string, raw: m[0] });
    last = start + m[0].length;
  }
  if (last < code.length) parts.push({ kind: 'text', text: code.slice(last) });
  return parts;
}

/** The inverse of splitCode: the original text. */
export function joinParts(parts: readonly CodePart[]): string {
  return parts.map((p) => (p.kind === 'text' ? p.text : p.raw)).join('');
}
