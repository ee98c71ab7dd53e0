// Quoting for POSIX shells (sh, dash, bash): every argument core puts into a shell
// command (checks, uploads) goes through shq(), which wraps it in single quotes. Inside single quotes no
// character is special, so the only thing to handle is the single quote itself: end the
// quoted string, add an escaped quote, and start a new one ('it'\''s').
export function shq(value: string | number): string {
  const s = String(value);
  if (s.includes('\0')) throw new Error('a shell argument cannot contain a NUL byte');
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Joins words, each quoted. */
export function shjoin(words: Array<string | number>): string {
  return words.map(shq).join(' ');
}
