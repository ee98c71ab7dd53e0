// Finds HTML in a lesson's Markdown. Lessons render with HTML off, so it would show as text.
import MarkdownIt from 'markdown-it';
import { SEED_PLACEHOLDER } from '../../../common/course';

export interface RawHtml {
  /** 0-based body line and column. */
  line: number;
  col: number;
  html: string;
}

const htmlOn = new MarkdownIt({ html: true });

/** Every HTML token markdown-it makes starts at a `<` followed by a letter, `/`, `!` or `?`
 * (a tag, a closing tag, a comment or declaration, a processing instruction). */
const MAY_HOLD_HTML = /<[A-Za-z/!?]/;

export function findRawHtml(body: string): RawHtml[] {
  // Most lessons have none: skip their second full Markdown parse (a start parses them all).
  return MAY_HOLD_HTML.test(body) ? findRawHtmlByParsing(body) : [];
}

/** findRawHtml without the shortcut (exported for its test). */
export function findRawHtmlByParsing(body: string): RawHtml[] {
  const lines = body.split('\n');
  const found: RawHtml[] = [];
  for (const token of htmlOn.parse(body, {})) {
    const map = token.map;
    if (!map) continue;
    if (token.type === 'html_block') {
      if (isOnlyPlaceholder(token.content)) continue;
      const line = map[0];
      const text = lines[line] ?? '';
      found.push({ line, col: text.length - text.trimStart().length, html: firstLine(token.content) });
    } else if (token.type === 'inline') {
      // Search each inline HTML piece in the paragraph's lines, moving forward.
      let line = map[0];
      let col = 0;
      for (const child of token.children ?? []) {
        if (child.type !== 'html_inline') continue;
        for (let l = line; l < map[1]; l++) {
          const at = (lines[l] ?? '').indexOf(child.content, l === line ? col : 0);
          if (at >= 0) {
            line = l;
            col = at + child.content.length;
            if (!isOnlyPlaceholder(child.content)) found.push({ line: l, col: at, html: child.content });
            break;
          }
        }
      }
    }
  }
  return found;
}

function isOnlyPlaceholder(html: string): boolean {
  return html.toLowerCase().split(SEED_PLACEHOLDER).join('').trim() === '';
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0]?.trim() ?? '';
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}
