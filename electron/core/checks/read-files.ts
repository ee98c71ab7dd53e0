// Reads a few files from a VM in ONE exec: each is base64-encoded between markers with a
// random nonce, so any content (PEM, DER, YAML) survives and nothing in a file can fake a
// marker. A missing, unreadable or too large file is reported per file. Each file costs one
// process (base64) beyond the shell: a check's time is mostly the VM starting processes.
import { randomBytes } from 'node:crypto';
import { shq } from '../terminals/shell-quote';
import type { CheckContext } from './types';

export const DEFAULT_FILE_CAP = 256 * 1024;

export type ReadFile =
  | { ok: true; path: string; data: Buffer }
  | { ok: false; path: string; problem: 'missing' | 'unreadable' | 'directory' | 'too-large'; message: string };

export function readFilesCommand(paths: string[], nonce: string, cap = DEFAULT_FILE_CAP): string {
  const parts = paths.map((p, i) => {
    const f = shq(p);
    return [
      `printf '%s\\n' ${shq(`@@${nonce} ${i}`)};`,
      `if [ ! -e ${f} ]; then echo missing;`,
      `elif [ -d ${f} ]; then echo directory;`,
      `elif [ ! -r ${f} ]; then echo unreadable;`,
      // One byte past the cap is enough to tell a file that is too large (no wc, no subshell).
      `else echo ok; head -c ${cap + 1} < ${f} | base64 -w0; echo; fi`,
    ].join(' ');
  });
  return parts.join('\n');
}

export function parseReadFiles(paths: string[], nonce: string, stdout: string, cap = DEFAULT_FILE_CAP): ReadFile[] {
  const sections = new Map<number, string[]>();
  let current: string[] | undefined;
  for (const line of stdout.split('\n')) {
    const m = line.startsWith(`@@${nonce} `) ? Number(line.slice(nonce.length + 3)) : NaN;
    if (Number.isInteger(m)) {
      current = [];
      sections.set(m, current);
    } else current?.push(line);
  }
  return paths.map((path, i): ReadFile => {
    const lines = sections.get(i);
    const status = lines?.[0]?.trim();
    switch (status) {
      case 'ok': {
        const data = Buffer.from(lines?.[1] ?? '', 'base64');
        if (data.length > cap) return { ok: false, path, problem: 'too-large', message: tooLarge(path, cap) };
        return { ok: true, path, data };
      }
      case 'missing':
        return { ok: false, path, problem: 'missing', message: `${path} does not exist` };
      case 'directory':
        return { ok: false, path, problem: 'directory', message: `${path} is a directory, not a file` };
      case 'unreadable':
        return { ok: false, path, problem: 'unreadable', message: `${path} cannot be read by this user (permission denied)` };
      case 'too-large': // what the reader printed before it read one byte past the cap
        return { ok: false, path, problem: 'too-large', message: tooLarge(path, cap) };
      default:
        throw new Error(`reading ${path}: unexpected output from the VM`);
    }
  });
}

const tooLarge = (path: string, cap: number) => `${path} is larger than ${Math.round(cap / 1024)} KiB: not the expected file`;

/**
 * One result per path, in order. A path named twice is read once (a self-signed CA is both
 * the certificate and its issuer): every file read costs the VM two processes.
 */
export async function readFiles(ctx: CheckContext, paths: string[], cap = DEFAULT_FILE_CAP): Promise<ReadFile[]> {
  if (paths.length === 0) return [];
  const unique = [...new Set(paths)];
  const nonce = randomBytes(6).toString('hex');
  const r = await ctx.exec(readFilesCommand(unique, nonce, cap), { maxOutputBytes: (cap * 4) / 3 * unique.length + 65536 });
  const read = parseReadFiles(unique, nonce, r.stdout, cap);
  return paths.map((path) => read[unique.indexOf(path)]!);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1) || path;
}
