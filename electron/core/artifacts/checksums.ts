// Published checksums of release archives: a file holding the bare digest (Kubernetes'
// `.sha512`, crictl's `.sha256`) or a list of `digest  filename` lines (etcd's
// SHA256SUMS). The entry that counts is the one for the archive's own file name.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';

export type ChecksumAlgorithm = 'sha256' | 'sha512';

export const DIGEST_HEX_LENGTH: Record<ChecksumAlgorithm, number> = { sha256: 64, sha512: 128 };

export type ChecksumLookup = { digest: string } | { problem: string };

/**
 * The expected digest of `fileName` in a checksum file's text: the line naming it
 * (`digest  name`, `digest *name`, `./name`, or BSD `SHA256 (name) = digest`), or, when
 * the file holds nothing but one digest, that digest.
 */
export function findDigest(text: string, fileName: string, algorithm: ChecksumAlgorithm, source = 'the checksum file'): ChecksumLookup {
  const len = DIGEST_HEX_LENGTH[algorithm];
  const hex = new RegExp(`^[0-9a-fA-F]{${len}}$`);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length === 0) return { problem: `${source} is empty` };
  const sameName = (name: string) => name.replace(/^\*/, '').replace(/^\.\//, '') === fileName;
  for (const line of lines) {
    const gnu = /^([0-9a-fA-F]+)\s+(\S.*)$/.exec(line);
    if (gnu && sameName(gnu[2]!.trim())) {
      if (!hex.test(gnu[1]!)) return { problem: `${source} lists ${fileName} with a digest that is not ${algorithm} (${gnu[1]!.length} hex digits, expected ${len})` };
      return { digest: gnu[1]!.toLowerCase() };
    }
    const bsd = /^(SHA256|SHA512)\s*\((.+)\)\s*=\s*([0-9a-fA-F]+)$/i.exec(line);
    if (bsd && sameName(bsd[2]!)) {
      if (bsd[1]!.toLowerCase() !== algorithm || !hex.test(bsd[3]!)) return { problem: `${source} lists ${fileName} with a ${bsd[1]} digest, expected ${algorithm}` };
      return { digest: bsd[3]!.toLowerCase() };
    }
  }
  if (lines.length === 1) {
    const only = lines[0]!.split(/\s+/);
    if (only.length === 1 && hex.test(only[0]!)) return { digest: only[0]!.toLowerCase() };
    if (only.length === 1 && /^[0-9a-fA-F]+$/.test(only[0]!)) {
      return { problem: `${source} holds a digest of ${only[0]!.length} hex digits, not a ${algorithm} digest (${len})` };
    }
  }
  if (lines.some((l) => /^[0-9a-fA-F]{32,}\s+\S/.test(l))) return { problem: `${source} does not list ${fileName}` };
  return { problem: `${source} has no ${algorithm} checksum lines (is it an error page?)` };
}

/** Digest (lower-case hex) and size of a local file, streamed. */
export function digestFile(path: string, algorithm: ChecksumAlgorithm, onBytes?: (bytes: number) => void): Promise<{ digest: string; size: number }> {
  return new Promise((resolve, reject) => {
    const hash = createHash(algorithm);
    let size = 0;
    const input = createReadStream(path);
    input.on('data', (chunk: Buffer | string) => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      hash.update(b);
      size += b.length;
      onBytes?.(size);
    });
    input.on('error', reject);
    input.on('end', () => resolve({ digest: hash.digest('hex'), size }));
  });
}

export function mismatchMessage(fileName: string, algorithm: ChecksumAlgorithm, expected: string, found: string, source: string): string {
  return `${fileName} does not match its published checksum: ${source} says ${algorithm} ${expected}, the file has ${found}. The file is damaged or not the released one; it was not kept.`;
}

/**
 * What the lesson expects next to the archive: per-file checksum URLs (`<file>.sha512`)
 * serve the bare digest (the lesson runs `echo "$(cat F.sha512)  F" | sha512sum -c`),
 * list URLs (etcd's SHA256SUMS) a list (`sha256sum --ignore-missing -c F.sha256`).
 */
export function checksumFileFor(r: { checksumUrl: string; fileName: string; algorithm: ChecksumAlgorithm }, sourceText: string, digest: string): string {
  const perFile = basename(new URL(r.checksumUrl).pathname) === `${r.fileName}.${r.algorithm}`;
  const bare = sourceText.trim().split(/\s+/).length === 1;
  if (perFile) return bare ? sourceText : `${digest}\n`;
  return bare ? `${digest}  ${r.fileName}\n` : sourceText;
}
