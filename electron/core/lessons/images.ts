// Finds image destinations as written in a lesson's Markdown, classifies them, and maps
// images inside the course's assets folder to the URL the hosts serve them under.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { MarkdownIt } from 'markdown-it';
import { COURSE_ASSETS_PREFIX, isInside } from './paths';

/** Where a link destination is written: body line and column range (0-based). */
export interface Destination {
  line: number;
  start: number;
  end: number;
  /** The destination as markdown-it normalises it (the image token's `src`). */
  src: string;
}

// `![alt](dest` — dest either <in angle brackets> or without spaces (balanced parentheses allowed).
const INLINE_IMAGE = /!\[(?:[^\]\\\n]|\\.)*\]\([ \t]*(<[^<>\n]*>|(?:[^\s()\\]|\\.|\([^\s()]*\))+)/g;
// `[label]: dest` — a reference definition, which reference-style images use.
const REFERENCE_DEFINITION = /^ {0,3}\[(?:[^\]\\\n]|\\.)+\]:[ \t]*(<[^<>\n]*>|\S+)/;

/** Image and reference destinations on the body lines that are not code. */
export function findDestinations(md: MarkdownIt, lines: readonly string[], codeLines: ReadonlySet<number>): Destination[] {
  const found: Destination[] = [];
  const add = (line: number, matchEnd: number, raw: string) => {
    const angled = raw.startsWith('<');
    const start = matchEnd - raw.length + (angled ? 1 : 0);
    const end = matchEnd - (angled ? 1 : 0);
    const text = raw.slice(angled ? 1 : 0, angled ? -1 : undefined);
    found.push({ line, start, end, src: md.normalizeLink(md.utils.unescapeAll(text)) });
  };
  lines.forEach((text, line) => {
    if (codeLines.has(line)) return;
    for (const m of text.matchAll(INLINE_IMAGE)) add(line, m.index + m[0].length, m[1] as string);
    const def = REFERENCE_DEFINITION.exec(text);
    if (def) add(line, def[0].length, def[1] as string);
  });
  return found;
}

export type ImageTarget =
  | { kind: 'remote' }
  | { kind: 'missing'; file: string }
  | { kind: 'outside-assets'; file: string }
  | { kind: 'asset'; file: string; url: string };

/** What an image `src` (as in the token) refers to, for a lesson file in `lessonDir`. */
export function resolveImage(src: string, lessonDir: string, assetsDir: string): ImageTarget {
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) return { kind: 'remote' };
  const cut = src.search(/[?#]/);
  const pathPart = cut < 0 ? src : src.slice(0, cut);
  const suffix = cut < 0 ? '' : src.slice(cut);
  const file = path.resolve(lessonDir, decode(pathPart));
  if (!existsSync(file)) return { kind: 'missing', file };
  if (!isInside(assetsDir, file)) return { kind: 'outside-assets', file };
  const relative = path.relative(assetsDir, file).split(path.sep).map(encodeURIComponent).join('/');
  return { kind: 'asset', file, url: `${COURSE_ASSETS_PREFIX}${relative}${suffix}` };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
