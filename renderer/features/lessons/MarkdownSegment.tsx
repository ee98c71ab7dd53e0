// Lesson prose. markdown-it runs with html off, so the HTML it returns is its own.
import { useMemo } from 'react';
import { renderMarkdown } from './markdown';

export function MarkdownSegment({ text }: { text: string }) {
  const html = useMemo(() => ({ __html: renderMarkdown(text) }), [text]);
  return <div className="prose" dangerouslySetInnerHTML={html} />;
}
