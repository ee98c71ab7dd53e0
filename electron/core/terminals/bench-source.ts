// A deterministic terminal-output stream for benchmarks: text shaped like
// `ls --color=always -lR` (directory headers, permission columns, sizes, dates, SGR
// colours for directories/executables/links, a few non-ASCII names), from a seeded
// generator. The app benchmark (through SSH or the local shell) and the @xterm/headless
// baseline feed the very same bytes, so their MB/s compare directly.

/** A small seeded PRNG (xorshift32): the same seed gives the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
  let state = (seed >>> 0) || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}

export const BENCH_DEFAULT_SEED = 20_240_601;

const WORDS = ['lib', 'core', 'net', 'kube', 'proxy', 'etcd', 'cert', 'config', 'x86_64', 'linux', 'gnu', 'python3', 'perl5', 'systemd', 'udev', 'crypto', 'ssl', 'z', 'gcc', 'locale', 'share', 'données', 'übersicht', '日本語'];
const EXTS = ['.so', '.so.1', '.so.6', '.a', '.py', '.pyc', '.conf', '.h', '.txt', '.json', '', ''];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const USERS = ['root', 'root', 'root', 'learner', 'daemon'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function name(random: () => number): string {
  const parts = 1 + Math.floor(random() * 3);
  const words: string[] = [];
  for (let i = 0; i < parts; i++) words.push(pick(random, WORDS));
  return words.join(random() < 0.5 ? '-' : '_') + pick(random, EXTS);
}

/** Lines of the listing, endlessly, with CRLF endings as a pty sends them. */
export function* benchLines(seed = BENCH_DEFAULT_SEED): Generator<string> {
  const random = seededRandom(seed);
  let path = '/usr/lib';
  for (;;) {
    const entries = 3 + Math.floor(random() * 40);
    yield `${path}:\r\n`;
    yield `total ${Math.floor(random() * 20_000)}\r\n`;
    const subdirs: string[] = [];
    for (let i = 0; i < entries; i++) {
      const kind = random();
      const size = String(Math.floor(random() ** 3 * 50_000_000)).padStart(9);
      const date = `${pick(random, MONTHS)} ${String(1 + Math.floor(random() * 28)).padStart(2)} ${random() < 0.7 ? `${String(Math.floor(random() * 24)).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}` : ` ${2015 + Math.floor(random() * 11)}`}`;
      const user = pick(random, USERS);
      const file = name(random);
      if (kind < 0.15) {
        subdirs.push(file);
        yield `drwxr-xr-x  ${1 + Math.floor(random() * 9)} ${user.padEnd(7)} ${user.padEnd(7)} ${size} ${date} \x1b[01;34m${file}\x1b[0m\r\n`;
      } else if (kind < 0.3) {
        yield `lrwxrwxrwx  1 ${user.padEnd(7)} ${user.padEnd(7)} ${size} ${date} \x1b[01;36m${file}\x1b[0m -> ${name(random)}\r\n`;
      } else if (kind < 0.4) {
        yield `-rwxr-xr-x  1 ${user.padEnd(7)} ${user.padEnd(7)} ${size} ${date} \x1b[01;32m${file}\x1b[0m\r\n`;
      } else {
        yield `-rw-r--r--  1 ${user.padEnd(7)} ${user.padEnd(7)} ${size} ${date} ${file}\r\n`;
      }
    }
    yield '\r\n';
    path = subdirs.length > 0 && random() < 0.7 ? `${path}/${pick(random, subdirs)}` : `/usr/lib/${name(random)}`;
    if (path.length > 200) path = '/usr/lib';
  }
}

/**
 * Exactly `totalBytes` of the listing as UTF-8, in chunks of `chunkBytes` (the last may
 * be shorter). Chunk boundaries may split a multi-byte char, as real reads do; the
 * stream as a whole ends on a character boundary (padded with spaces).
 */
export function* benchChunks(totalBytes: number, options: { seed?: number; chunkBytes?: number } = {}): Generator<Buffer> {
  const chunkBytes = options.chunkBytes ?? 65_536;
  let produced = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const lines = benchLines(options.seed ?? BENCH_DEFAULT_SEED);
  while (produced < totalBytes) {
    while (pendingBytes < chunkBytes && produced + pendingBytes < totalBytes) {
      let line = Buffer.from(lines.next().value as string, 'utf8');
      const room = totalBytes - produced - pendingBytes;
      if (line.length > room) {
        // Last line: cut at a char boundary and pad with spaces to the exact size.
        let cut = room;
        while (cut > 0 && (line[cut]! & 0xc0) === 0x80) cut--;
        line = Buffer.concat([line.subarray(0, cut), Buffer.alloc(room - cut, 0x20)]);
      }
      pending.push(line);
      pendingBytes += line.length;
    }
    const all = Buffer.concat(pending, pendingBytes);
    const size = Math.min(chunkBytes, all.length);
    yield all.subarray(0, size);
    produced += size;
    pending = size < all.length ? [all.subarray(size)] : [];
    pendingBytes = all.length - size;
  }
}

/** The whole stream in one Buffer. */
export function benchBytes(totalBytes: number, seed = BENCH_DEFAULT_SEED): Buffer {
  return Buffer.concat([...benchChunks(totalBytes, { seed, chunkBytes: 1 << 20 })], totalBytes);
}
