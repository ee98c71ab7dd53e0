// Parses a lesson's Markdown body into runnable blocks and the Markdown around them,
// rewriting image paths inside the assets folder to the URL the hosts serve.
import path from 'node:path';
import MarkdownIt, { type Token } from 'markdown-it';
import { variablesIn, type CommandBlock, type LessonSegment, type LessonProblem } from '../../../common/course';
import { textMatcher } from '../checks/expect-text';
import { isCopy, isRunnable, parseFenceInfo } from './fence-info';
import { findDestinations, resolveImage, type Destination } from './images';
import { displayPath } from './paths';
import { problem } from './problems';

const md = new MarkdownIt({ html: false });

export interface BodyInput {
  body: string;
  /** File lines before the body (the front matter). */
  bodyLineOffset: number;
  lessonId: string;
  /** Absolute path of the lesson file, and of the course's assets folder. */
  lessonPath: string;
  assetsDir: string;
  /** The lesson file as problems name it. */
  file: string;
}

export interface BlockFact {
  block: CommandBlock;
  /** Column of `host=` on the fence line. */
  hostCol: number;
  /** Column of `from=` on a copy block's fence line. */
  fromCol?: number;
}

export interface ParsedBody {
  blocks: BlockFact[];
  segments: LessonSegment[];
  problems: LessonProblem[];
}

interface LineEdit {
  start: number;
  end: number;
  text: string;
}

export function parseBody(input: BodyInput): ParsedBody {
  const lines = input.body.split('\n');
  const env: { references?: Record<string, { href: string; title: string }> } = {};
  const tokens = md.parse(input.body, env);
  const fileLine = (bodyLine: number) => bodyLine + input.bodyLineOffset + 1;
  const problems: LessonProblem[] = [];

  const codeLines = new Set<number>();
  for (const token of tokens) {
    if ((token.type === 'fence' || token.type === 'code_block') && token.map) {
      for (let l = token.map[0]; l < token.map[1]; l++) codeLines.add(l);
    }
  }

  // Images: check each image token, and rewrite the ones inside assets/.
  const destinations = findDestinations(md, lines, codeLines);
  const used = new Set<Destination>();
  const edits = new Map<number, LineEdit[]>();
  const lessonDir = path.dirname(input.lessonPath);
  for (const token of tokens) {
    if (token.type !== 'inline' || !token.map) continue;
    for (const image of imagesIn(token)) {
      const src = String(image.attrGet('src') ?? '');
      const dest = pickDestination(destinations, used, src, token.map);
      const at = dest ? { line: fileLine(dest.line), col: dest.start + 1 } : { line: fileLine(token.map[0]), col: 1 };
      const target = resolveImage(src, lessonDir, input.assetsDir);
      if (target.kind === 'remote') {
        problems.push(problem(input.file, at, 'remote-image', `image ${src} is not a local file: save it under assets/ and link it relatively`));
      } else if (target.kind === 'missing') {
        problems.push(problem(input.file, at, 'missing-image', `image ${src} not found (looked for ${displayPath(target.file)})`));
      } else if (target.kind === 'outside-assets') {
        problems.push(problem(input.file, at, 'image-outside-assets', `image ${src} is outside the assets folder (${input.assetsDir}), which is the only one the app serves`));
      } else if (dest) {
        const list = edits.get(dest.line) ?? [];
        list.push({ start: dest.start, end: dest.end, text: target.url });
        edits.set(dest.line, list);
      }
    }
  }
  const edited = lines.map((text, line) => applyEdits(text, edits.get(line) ?? []));

  // Runnable blocks, and the Markdown between them.
  const blocks: BlockFact[] = [];
  const segments: LessonSegment[] = [];
  const ids = new Map<string, number>();
  let markdownFrom = 0;
  const pushMarkdown = (to: number) => {
    const text = edited.slice(markdownFrom, to).join('\n');
    if (text.trim() !== '') segments.push({ kind: 'markdown', text });
  };
  for (const token of tokens) {
    if (token.type !== 'fence' || !token.map) continue;
    const info = parseFenceInfo(token.info);
    const copy = isCopy(info);
    if (!copy && !isRunnable(info)) continue;
    const line = fileLine(token.map[0]);
    const fenceText = lines[token.map[0]] ?? '';
    const code = token.content.replace(/\n$/, '');
    const id = info.attributes.id || `${input.lessonId}-${blocks.length + 1}`;
    const block: CommandBlock = {
      id,
      lessonId: input.lessonId,
      host: info.attributes.host ?? '',
      lang: info.lang,
      ...(info.attributes.title ? { title: info.attributes.title } : {}),
      code,
      line,
      variables: variablesIn(code),
      ...(copy ? { copyFrom: info.attributes.from ?? '' } : {}),
      ...(info.expect.length ? { expect: info.expect.map((e) => e.value) } : {}),
    };
    const infoAt = fenceText.indexOf(token.info);
    for (const e of info.expect) {
      const at = { line, col: (infoAt >= 0 ? infoAt : 0) + e.at + 1 };
      if (e.value.trim() === '') {
        problems.push(problem(input.file, at, 'block-expect', `block ${id}: expect= is empty: give the text its output must contain, or a /regex/`));
        continue;
      }
      // An unquoted value ends at the first space: "/a b/" written bare is cut to "/a".
      if (e.value.startsWith('/') && !/^\/.+\/[dgimsuvy]*$/s.test(e.value)) {
        problems.push(problem(input.file, at, 'block-expect', `block ${id}: expect=${e.value} starts like a /regex/ but does not end like one: quote it ("/.../") if it has spaces`));
        continue;
      }
      try {
        textMatcher(e.value);
      } catch (err) {
        problems.push(problem(input.file, at, 'block-expect', `block ${id}: ${(err as Error).message}`));
      }
    }
    const hostAt = fenceText.indexOf('host=');
    const fromAt = fenceText.indexOf('from=');
    blocks.push({ block, hostCol: hostAt >= 0 ? hostAt + 1 : 1, ...(copy ? { fromCol: fromAt >= 0 ? fromAt + 1 : 1 } : {}) });

    const fenceCol = fenceText.length - fenceText.trimStart().length + 1;
    const firstLine = ids.get(id);
    if (firstLine !== undefined) {
      const idAt = fenceText.indexOf('id=');
      problems.push(problem(input.file, { line, col: idAt >= 0 ? idAt + 1 : fenceCol }, 'duplicate-block-id',
        `block id ${id} is already used by the block on line ${firstLine}`));
    } else {
      ids.set(id, line);
    }
    if (code.trim() === '') {
      problems.push(problem(input.file, { line, col: fenceCol }, 'empty-block', 'runnable block has no commands'));
    }

    pushMarkdown(token.map[0]);
    segments.push({ kind: 'block', blockId: id });
    markdownFrom = token.map[1];
  }
  pushMarkdown(edited.length);

  // Each segment renders on its own, so it needs the lesson's reference definitions.
  if (blocks.length > 0 && env.references) {
    const definitions = referenceDefinitions(env.references, lessonDir, input.assetsDir);
    for (const segment of segments) if (segment.kind === 'markdown') segment.text = `${segment.text.replace(/\n*$/, '')}\n\n${definitions}\n`;
  }
  return { blocks, segments, problems };
}

function referenceDefinitions(references: Record<string, { href: string; title: string }>, lessonDir: string, assetsDir: string): string {
  return Object.entries(references).map(([label, { href, title }]) => {
    const target = resolveImage(href, lessonDir, assetsDir);
    const url = target.kind === 'asset' ? target.url : href;
    return `[${label}]: <${url}>${title ? ` "${title.replace(/"/g, '\\"')}"` : ''}`;
  }).join('\n');
}

function imagesIn(inline: Token): Token[] {
  const found: Token[] = [];
  const walk = (tokens: Token[] | null) => {
    for (const t of tokens ?? []) {
      if (t.type === 'image') found.push(t);
      walk(t.children);
    }
  };
  walk(inline.children);
  return found;
}

/** The written destination of an image: first unused match, preferring the paragraph's own lines. */
function pickDestination(all: Destination[], used: Set<Destination>, src: string, map: [number, number]): Destination | undefined {
  const candidates = all.filter((d) => d.src === src && !used.has(d));
  const pick = candidates.find((d) => d.line >= map[0] && d.line < map[1]) ?? candidates[0];
  if (pick) used.add(pick);
  return pick;
}

function applyEdits(text: string, edits: LineEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  }
  return out;
}
