// `expect` strings of the lesson format: a substring, or /regex/flags.
export interface TextMatcher {
  test(text: string): boolean;
  /** For messages: `"is healthy"` or `/^ok$/m`. */
  describe: string;
}

export function textMatcher(expected: string): TextMatcher {
  const m = /^\/(.+)\/([dgimsuvy]*)$/s.exec(expected);
  if (m) {
    const flags = (m[2] as string).replace(/g|y/g, '');
    let re: RegExp;
    try {
      re = new RegExp(m[1] as string, flags);
    } catch (err) {
      throw new Error(`the expected pattern ${expected} is not a valid regular expression (${(err as Error).message})`, { cause: err });
    }
    return { test: (t) => re.test(t), describe: `matching ${expected}` };
  }
  return { test: (t) => t.includes(expected), describe: `containing ${JSON.stringify(expected)}` };
}

/** The last `lines` non-empty lines of a text, each cut at 300 chars, for messages. */
export function lastLines(text: string, lines = 5): string[] {
  return text.split(/\r?\n/).map((l) => l.trimEnd()).filter((l) => l.trim() !== '').slice(-lines).map((l) => (l.length > 300 ? `${l.slice(0, 297)}...` : l));
}

/** A short quote of some output for a message: `"ok"`, `nothing`, or the last lines joined. */
export function quoteOutput(text: string, lines = 3): string {
  const tail = lastLines(text, lines);
  if (tail.length === 0) return 'nothing';
  const joined = tail.join(' ⏎ ');
  return JSON.stringify(joined.length > 400 ? `…${joined.slice(-400)}` : joined);
}
