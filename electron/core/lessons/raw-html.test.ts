import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRawHtml, findRawHtmlByParsing } from './raw-html';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

const SNIPPETS = [
  'plain text, a < b and b > a, `x<y`, 3 <= 4',
  'a tag: <span>x</span> and <br/>',
  '<div>\nblock\n</div>',
  'a comment <!-- hidden --> here',
  '<?xml version="1.0"?>',
  '<!DOCTYPE html>',
  '<![CDATA[ x ]]>',
  'an autolink <https://example.com> is not HTML',
  '```bash\ncat <<EOF\nx\nEOF\n```',
  'a heredoc in text: cat <<EOF',
  '<custom-element a="1">',
  '</closing>',
  'escaped \\<b> is text',
];

describe('findRawHtml', () => {
  it('finds HTML where there is some', () => {
    expect(findRawHtml('a tag: <span>x</span>').map((h) => h.html)).toEqual(['<span>', '</span>']);
    expect(findRawHtml('<div>\nblock\n</div>')).toHaveLength(1);
  });

  it('answers as the full parse does, for tricky snippets and every lesson and drill of the project', async () => {
    const bodies = [...SNIPPETS];
    for (const dir of ['lessons', 'lessons/drills']) {
      const files = (await readdir(path.join(ROOT, dir)).catch(() => [])).filter((f) => f.endsWith('.md'));
      for (const f of files) bodies.push(await readFile(path.join(ROOT, dir, f), 'utf8'));
    }
    expect(bodies.length).toBeGreaterThan(SNIPPETS.length + 20);
    const withHtml = bodies.filter((b) => findRawHtmlByParsing(b).length > 0);
    expect(withHtml.length).toBeGreaterThan(5);
    for (const body of bodies) expect(findRawHtml(body), body.slice(0, 80)).toEqual(findRawHtmlByParsing(body));
  });
});
