import { describe, expect, it } from 'vitest';
import { normaliseText, splitFrontMatter } from './front-matter';

describe('splitFrontMatter', () => {
  it('splits the YAML from the body and counts the lines before the body', () => {
    expect(splitFrontMatter('---\nid: a\ntitle: A\n---\nBody\n')).toEqual({
      ok: true, yaml: 'id: a\ntitle: A', body: 'Body\n', bodyLineOffset: 4,
    });
  });

  it('reports a file without front matter, keeping the whole file as the body', () => {
    const split = splitFrontMatter('# Title\n');
    expect(split.ok).toBe(false);
    expect(split.body).toBe('# Title\n');
  });

  it('reports front matter that is never closed, with no body', () => {
    const split = splitFrontMatter('---\nid: a\n');
    expect(split).toMatchObject({ ok: false, message: expect.stringContaining('not closed') });
    expect(split.body).toBeUndefined();
  });

  it('normalises CRLF line endings and a byte-order mark', () => {
    expect(normaliseText('\uFEFF---\r\nid: a\r\n---\r\n')).toBe('---\nid: a\n---\n');
  });
});
