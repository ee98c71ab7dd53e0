// The file list of a `copy` block (lesson format): one absolute path per line, optionally
// followed by the octal mode the copy gets (`/root/certificates/kube-worker.key 0600`).
// Blank lines are skipped. Shared by the linter and the block service.

export interface CopyItem {
  path: string;
  /** The copy's mode; undefined keeps the source file's permission bits. */
  mode?: number;
}

export interface CopyListProblem {
  /** 0-based line within the block. */
  line: number;
  message: string;
}

/** Paths the block may name: absolute, no `..`, and only characters that need no quoting. */
const PATH = /^\/[A-Za-z0-9._@%+=:,/-]*$/;
const MODE = /^0?[0-7]{3}$/;

export function parseCopyList(text: string): { items: CopyItem[]; problems: CopyListProblem[] } {
  const items: CopyItem[] = [];
  const problems: CopyListProblem[] = [];
  text.split('\n').forEach((raw, line) => {
    const words = raw.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return;
    const [path, mode, ...rest] = words as [string, string | undefined, ...string[]];
    if (rest.length > 0) return problems.push({ line, message: `a copy line is a path and an optional mode; found ${words.length} words` });
    if (!PATH.test(path) || path.endsWith('/') || path.split('/').includes('..')) {
      return problems.push({ line, message: `${path} is not an absolute file path (letters, digits and ._@%+=:,/- only; no .. and no trailing /)` });
    }
    if (mode !== undefined && !MODE.test(mode)) return problems.push({ line, message: `${mode} is not an octal mode such as 0600` });
    if (items.some((i) => i.path === path)) return problems.push({ line, message: `${path} is listed twice` });
    items.push({ path, ...(mode !== undefined ? { mode: parseInt(mode, 8) } : {}) });
  });
  if (items.length === 0 && problems.length === 0) problems.push({ line: 0, message: 'a copy block lists no files' });
  return { items, problems };
}
