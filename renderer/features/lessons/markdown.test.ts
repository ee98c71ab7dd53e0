import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  it('escapes raw HTML instead of passing it through', () => {
    const html = renderMarkdown('Hello <script>alert(1)</script> <b onclick="x()">hi</b>');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b ');
    expect(html).toContain('&lt;script&gt;');
  });

  it('opens external links in a new window without an opener', () => {
    const html = renderMarkdown('See [the docs](https://kubernetes.io/docs/).');
    expect(html).toContain('<a href="https://kubernetes.io/docs/" target="_blank" rel="noopener noreferrer">');
  });

  it('linkifies bare URLs the same way', () => {
    const html = renderMarkdown('Official site: https://kubernetes.io/');
    expect(html).toMatch(/<a href="https:\/\/kubernetes.io\/" target="_blank" rel="noopener noreferrer">/);
  });

  it('keeps in-page anchors in place', () => {
    expect(renderMarkdown('[up](#top)')).toContain('<a href="#top">');
  });

  it('refuses javascript: links', () => {
    expect(renderMarkdown('[x](javascript:alert(1))')).not.toContain('href="javascript:');
  });

  it('keeps the lesson title the only h1', () => {
    const html = renderMarkdown('# One\n\n## Two\n\n### Three');
    expect(html).toContain('<h2>One</h2>');
    expect(html).toContain('<h2>Two</h2>');
    expect(html).toContain('<h3>Three</h3>');
    expect(html).not.toContain('<h1>');
  });

  it('renders course images lazily with their relative src', () => {
    const html = renderMarkdown('![The cluster](course-assets/cluster.svg)');
    expect(html).toContain('src="course-assets/cluster.svg"');
    expect(html).toContain('alt="The cluster"');
    expect(html).toContain('loading="lazy"');
  });

  it('wraps tables in a scroll box', () => {
    const html = renderMarkdown('| Role | CPU |\n|---|---|\n| master | 2 |');
    expect(html).toContain('<div class="table-scroll"><table>');
    expect(html).toContain('</table></div>');
  });

  it('aligns table columns with classes, never style attributes (CSP)', () => {
    const html = renderMarkdown('| Role | CPUs | Mid |\n|:---|---:|:---:|\n| master | 2 | x |');
    expect(html).not.toContain('style=');
    expect(html).toContain('<th class="align-left">Role</th>');
    expect(html).toContain('<td class="align-right">2</td>');
    expect(html).toContain('<td class="align-center">x</td>');
  });

  it('never writes a style attribute', () => {
    expect(renderMarkdown('text {style="color:red"} <span style="x">y</span>')).not.toMatch(/<[^>]+style=/);
  });

  it('applies typographic quotes', () => {
    expect(renderMarkdown('"quoted"')).toContain('“quoted”');
  });
});
