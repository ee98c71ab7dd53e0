// Reads OpenSSH's known_hosts format (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"), so a key the
// learner already trusts with `ssh` is trusted here too. Read-only: the app never writes
// the user's file. Handles plain patterns (with * ? and !negation), `[host]:port` names,
// hashed names (`|1|salt|hmac-sha1`), and the @revoked / @cert-authority markers.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { keyTypeOf } from './host-key';

export type KnownHostsMarker = 'revoked' | 'cert-authority';

export interface OpenSshKnownHost {
  line: number;
  marker?: KnownHostsMarker;
  hosts: { kind: 'hashed'; salt: Buffer; hash: Buffer } | { kind: 'patterns'; patterns: string[] };
  keyType: string;
  key: Buffer;
}

export interface ParsedKnownHosts {
  entries: OpenSshKnownHost[];
  /** Lines that could not be understood ("line 3: ..."); they are skipped, never trusted. */
  skipped: string[];
}

export function parseKnownHosts(text: string): ParsedKnownHosts {
  const entries: OpenSshKnownHost[] = [];
  const skipped: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const fields = trimmed.split(/\s+/);
    let marker: KnownHostsMarker | undefined;
    if (fields[0]?.startsWith('@')) {
      const name = fields.shift()!.slice(1);
      if (name !== 'revoked' && name !== 'cert-authority') {
        skipped.push(`line ${line}: unknown marker @${name}`);
        return;
      }
      marker = name;
    }
    const [hostField, typeField, keyField] = fields;
    if (!hostField || !typeField || !keyField) {
      skipped.push(`line ${line}: expected "hosts keytype key"`);
      return;
    }
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(keyField)) {
      skipped.push(`line ${line}: the key is not base64`);
      return;
    }
    const key = Buffer.from(keyField, 'base64');
    if (keyTypeOf(key) === 'unknown') {
      skipped.push(`line ${line}: the key could not be read`);
      return;
    }
    let hosts: OpenSshKnownHost['hosts'];
    if (hostField.startsWith('|')) {
      const parts = hostField.split('|');
      // ["", "1", salt, hash]
      if (parts.length !== 4 || parts[1] !== '1' || !parts[2] || !parts[3]) {
        skipped.push(`line ${line}: unsupported hashed host name`);
        return;
      }
      const salt = Buffer.from(parts[2], 'base64');
      const hash = Buffer.from(parts[3], 'base64');
      if (salt.length !== 20 || hash.length !== 20) {
        skipped.push(`line ${line}: malformed hashed host name`);
        return;
      }
      hosts = { kind: 'hashed', salt, hash };
    } else {
      hosts = { kind: 'patterns', patterns: hostField.split(',').filter((p) => p !== '') };
    }
    entries.push({ line, ...(marker ? { marker } : {}), hosts, keyType: typeField, key });
  });
  return { entries, skipped };
}

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(address: string, port: number): string {
  const host = address.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return port === 22 ? host : `[${host}]:${port}`;
}

/** OpenSSH's hashed host name: HMAC-SHA1 keyed with the salt over the name. */
export function hashKnownHostsName(name: string, salt: Buffer): Buffer {
  return createHmac('sha1', salt).update(name).digest();
}

export function entryMatchesHost(entry: OpenSshKnownHost, address: string, port: number): boolean {
  const name = knownHostsName(address, port);
  if (entry.hosts.kind === 'hashed') {
    const candidate = hashKnownHostsName(name, entry.hosts.salt);
    return timingSafeEqual(candidate, entry.hosts.hash);
  }
  let matched = false;
  for (const pattern of entry.hosts.patterns) {
    const negated = pattern.startsWith('!');
    const body = (negated ? pattern.slice(1) : pattern).toLowerCase();
    if (wildcardMatch(body, name)) {
      if (negated) return false; // a matching negation excludes the host whatever else matches
      matched = true;
    }
  }
  return matched;
}

/** OpenSSH pattern matching: `*` any run of characters, `?` exactly one. */
export function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

export type OpenSshLookup =
  | { status: 'match'; line: number }
  /** An @revoked line names this very key: it must never be accepted. */
  | { status: 'revoked'; line: number }
  /** The host is listed with another key of the same type: the key changed. */
  | { status: 'mismatch'; line: number; key: Buffer }
  | { status: 'none' };

export function lookupKnownHost(entries: readonly OpenSshKnownHost[], address: string, port: number, key: Buffer): OpenSshLookup {
  const forHost = entries.filter((e) => e.marker !== 'cert-authority' && entryMatchesHost(e, address, port));
  const revoked = forHost.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', line: revoked.line };
  const plain = forHost.filter((e) => e.marker === undefined);
  const same = plain.find((e) => e.key.equals(key));
  if (same) return { status: 'match', line: same.line };
  const type = keyTypeOf(key);
  const other = plain.find((e) => keyTypeOf(e.key) === type);
  if (other) return { status: 'mismatch', line: other.line, key: other.key };
  // Keys of other types only (or none): like OpenSSH, ask rather than call it a change.
  return { status: 'none' };
}

/** Reads and parses a known_hosts file; a missing or unreadable file counts as empty. */
export async function readKnownHostsFile(path: string): Promise<ParsedKnownHosts> {
  try {
    return parseKnownHosts(await readFile(path, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { entries: [], skipped: [] };
    return { entries: [], skipped: [`${path}: ${(err as Error).message}`] };
  }
}
