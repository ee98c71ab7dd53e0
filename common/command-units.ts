// Splits a block of shell text into the commands bash would read one prompt at a time
// (heredoc bodies, line continuations, quotes, { } / ( ) groups and if/for/while/case
// bodies stay with their command), and normalizes whitespace for comparing what a learner
// typed with what the lesson says. An approximation of bash's reader, tuned for lessons.

const OPENERS: Record<string, string> = { if: 'fi', for: 'done', while: 'done', until: 'done', case: 'esac', select: 'done' };
const CLOSERS = new Set(Object.values(OPENERS));

interface ScanState {
  quote: '' | "'" | '"' | '`';
  depth: number; // { } and ( ) nesting
  keywords: string[]; // open compound keywords awaiting their closer
  heredocs: { delimiter: string; stripTabs: boolean }[];
  continued: boolean; // line ended with a backslash
}

function scanLine(line: string, st: ScanState): void {
  st.continued = false;
  let word = '';
  const endWord = () => {
    if (!word) return;
    if (OPENERS[word]) st.keywords.push(OPENERS[word] as string);
    else if (CLOSERS.has(word) && st.keywords.at(-1) === word) st.keywords.pop();
    word = '';
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (st.quote) {
      if (c === '\\' && st.quote !== "'") i++;
      else if (c === st.quote) st.quote = '';
      continue;
    }
    if (c === '\\') {
      if (i === line.length - 1) st.continued = true;
      i++;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      st.quote = c;
      continue;
    }
    if (c === '#' && word === '' && (i === 0 || /\s/.test(line[i - 1] as string))) break; // comment
    if (c === '<' && line[i + 1] === '<' && line[i + 2] !== '<') {
      const m = /^<<(-?)\s*(['"]?)([A-Za-z_][\w-]*)\2/.exec(line.slice(i));
      if (m) {
        st.heredocs.push({ delimiter: m[3] as string, stripTabs: m[1] === '-' });
        i += m[0].length - 1;
        endWord();
        continue;
      }
    }
    if (/[\s;&|]/.test(c)) {
      endWord();
      continue;
    }
    if (c === '{' || c === '(') {
      endWord();
      st.depth++;
      continue;
    }
    if (c === '}' || c === ')') {
      endWord();
      st.depth = Math.max(0, st.depth - 1);
      continue;
    }
    word += c;
  }
  endWord();
}

/** The block's commands, each possibly spanning lines, with blank and comment-only lines dropped. */
export function splitCommands(text: string): string[] {
  const units: string[] = [];
  const st: ScanState = { quote: '', depth: 0, keywords: [], heredocs: [], continued: false };
  let current: string[] = [];
  let pendingHeredoc: { delimiter: string; stripTabs: boolean } | undefined;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (pendingHeredoc) {
      current.push(line);
      const body = pendingHeredoc.stripTabs ? line.replace(/^\t+/, '') : line;
      if (body.trim() === pendingHeredoc.delimiter) pendingHeredoc = st.heredocs.shift();
    } else {
      if (current.length === 0 && /^\s*(#.*)?$/.test(line)) continue;
      current.push(line);
      scanLine(line, st);
      pendingHeredoc = st.heredocs.shift();
    }
    if (!pendingHeredoc && !st.quote && st.depth === 0 && st.keywords.length === 0 && !st.continued) {
      units.push(current.join('\n'));
      current = [];
    }
  }
  if (current.length) units.push(current.join('\n'));
  return units;
}

/** Whitespace-normalized form: trims each line, collapses runs of blanks, drops blank lines. */
export function normalizeCommand(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim().replace(/[ \t]+/g, ' '))
    .filter((l) => l !== '')
    .join('\n');
}

export interface DiffPart {
  kind: 'same' | 'missing' | 'extra';
  text: string;
}

/** Word-level diff of what was expected against what was typed (LCS over tokens). */
export function diffCommand(expected: string, typed: string): DiffPart[] {
  const a = normalizeCommand(expected).split(/(\s+)/).filter(Boolean);
  const b = normalizeCommand(typed).split(/(\s+)/).filter(Boolean);
  const dp: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
    }
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart['kind'], text: string) => {
    const last = parts.at(-1);
    if (last?.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push('same', a[i++] as string);
      j++;
    } else if (dp[i + 1]![j]! >= dp[i]![j + 1]!) push('missing', a[i++] as string);
    else push('extra', b[j++] as string);
  }
  while (i < a.length) push('missing', a[i++] as string);
  while (j < b.length) push('extra', b[j++] as string);
  return parts;
}
