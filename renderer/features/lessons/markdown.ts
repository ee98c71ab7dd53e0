// Lesson prose → HTML. markdown-it with raw HTML off, so the output only holds what
// markdown-it itself writes (its link validator already refuses javascript: and the like).
import MarkdownIt, { type MarkdownIt as Markdown, type RendererRule } from 'markdown-it';

export function createMarkdown(): Markdown {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: true });

  // External links open outside the app; the hosts catch target=_blank and hand the URL
  // to the system browser. In-page anchors stay in place.
  const renderToken: RendererRule = (tokens, idx, options, _env, self) =>
    self.renderToken(tokens, idx, options);
  const linkOpen = md.renderer.rules.link_open ?? renderToken;
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const href = String(token?.attrGet('href') ?? '');
    if (token && !href.startsWith('#')) {
      token.attrSet('target', '_blank');
      token.attrSet('rel', 'noopener noreferrer');
    }
    return linkOpen(tokens, idx, options, env, self);
  };

  // The lesson title is the page's only <h1>; lessons use `##` for their sections, so a
  // stray `#` in the prose becomes an <h2> too.
  const headingOpen = md.renderer.rules.heading_open ?? renderToken;
  const headingClose = md.renderer.rules.heading_close ?? renderToken;
  const demote = (tag: string) => (tag === 'h1' ? 'h2' : tag);
  md.renderer.rules.heading_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    if (token) token.tag = demote(token.tag);
    return headingOpen(tokens, idx, options, env, self);
  };
  md.renderer.rules.heading_close = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    if (token) token.tag = demote(token.tag);
    return headingClose(tokens, idx, options, env, self);
  };

  // Images (course-assets/… served by the hosts) load lazily and never overflow the column.
  const image = md.renderer.rules.image ?? renderToken;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    if (token) {
      token.attrSet('loading', 'lazy');
      token.attrSet('decoding', 'async');
    }
    return image(tokens, idx, options, env, self);
  };

  // Column alignment: markdown-it writes style="text-align:…", which a CSP without
  // 'unsafe-inline' styles drops (and reports). Use classes instead.
  for (const rule of ['th_open', 'td_open'] as const) {
    md.renderer.rules[rule] = (tokens, idx, options, _env, self) => {
      const token = tokens[idx];
      const align = String(token?.attrGet('style') ?? '').match(/^text-align:(left|center|right)$/)?.[1];
      if (token && token.attrs) {
        token.attrs = token.attrs.filter(([name]) => name !== 'style');
        if (align) token.attrJoin('class', `align-${align}`);
      }
      return self.renderToken(tokens, idx, options);
    };
  }

  // Wide tables scroll inside their own box instead of widening the page.
  md.renderer.rules.table_open = () => '<div class="table-scroll"><table>\n';
  md.renderer.rules.table_close = () => '</table></div>\n';

  return md;
}

let shared: Markdown | undefined;

export function renderMarkdown(text: string): string {
  shared ??= createMarkdown();
  return shared.render(text);
}
