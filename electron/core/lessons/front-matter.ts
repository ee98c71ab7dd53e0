// Splits a lesson file into its YAML front matter and its Markdown body.

export type FrontMatterSplit =
  | {
      ok: true;
      /** The YAML between the --- lines; it starts on file line 2. */
      yaml: string;
      body: string;
      /** Number of file lines before the body (the front matter with both --- lines). */
      bodyLineOffset: number;
    }
  | { ok: false; message: string; body?: string; bodyLineOffset: number };

/** File lines before the YAML text: the opening --- line. */
export const FRONT_MATTER_LINE_OFFSET = 1;

export function splitFrontMatter(text: string): FrontMatterSplit {
  const lines = text.split('\n');
  if (lines[0]?.trimEnd() !== '---') {
    return {
      ok: false,
      message: 'a lesson must start with YAML front matter: a --- line, the fields (id, title, section), and a --- line',
      body: text,
      bodyLineOffset: 0,
    };
  }
  const close = lines.findIndex((line, i) => i > 0 && line.trimEnd() === '---');
  if (close < 0) {
    return { ok: false, message: 'the front matter is not closed: add a --- line after its fields', bodyLineOffset: 0 };
  }
  return {
    ok: true,
    yaml: lines.slice(1, close).join('\n'),
    body: lines.slice(close + 1).join('\n'),
    bodyLineOffset: close + 1,
  };
}

/** Normalises line endings and drops a byte-order mark, so line numbers match editors. */
export function normaliseText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}
