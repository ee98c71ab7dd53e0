// Maps a URL path to a file inside a folder, refusing anything that escapes it.
import { resolve, sep } from 'node:path';

/** Resolves `urlPath` inside `root`, or undefined when it would escape it. */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const base = resolve(root);
  const full = resolve(base, `.${decoded.startsWith('/') ? '' : '/'}${decoded}`);
  return full === base || full.startsWith(base + sep) ? full : undefined;
}
