// Deterministic benchmark text: lines shaped like `ls -l --color=always` output (SGR
// colours, sizes, dates, a few non-ASCII names) from a seeded xorshift32 generator, so
// every run and every machine cats the very same bytes.
const WORDS = ['lib', 'kube', 'proxy', 'etcd', 'cert', 'config', 'x86_64', 'linux', 'systemd', 'crypto', 'ssl', 'share', 'locale', 'données', 'übersicht', '日本語', 'apiserver', 'scheduler'];
const EXTS = ['.so', '.so.1', '.conf', '.pem', '.key', '.yaml', '.json', '.txt', '', ''];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function rng(seed) {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 0x1_0000_0000;
  };
}

/** Exactly `bytes` bytes of UTF-8 text ending in a newline (the last line is padded or cut on a char boundary). */
export function benchText(bytes, seed = 20_240_601) {
  const random = rng(seed);
  const pick = (items) => items[Math.floor(random() * items.length)];
  const parts = [];
  let size = 0;
  while (size < bytes) {
    const kind = random();
    const name = `${pick(WORDS)}-${Math.floor(random() * 1000)}${pick(EXTS)}`;
    const colored = kind < 0.25 ? `\x1b[01;34m${name}\x1b[0m` : kind < 0.35 ? `\x1b[01;32m${name}\x1b[0m` : kind < 0.4 ? `\x1b[01;36m${name}\x1b[0m` : name;
    const mode = kind < 0.25 ? 'drwxr-xr-x' : kind < 0.35 ? '-rwxr-xr-x' : '-rw-r--r--';
    const line = `${mode} ${1 + Math.floor(random() * 9)} root root ${String(Math.floor(random() * 10_000_000)).padStart(9)} ${pick(MONTHS)} ${String(1 + Math.floor(random() * 28)).padStart(2)} ${String(Math.floor(random() * 24)).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')} ${colored}\n`;
    const buf = Buffer.from(line, 'utf8');
    parts.push(buf);
    size += buf.length;
  }
  let all = Buffer.concat(parts);
  // Cut to size on a char boundary, then end with a newline.
  let end = bytes - 1;
  while (end > 0 && (all[end] & 0xc0) === 0x80) end -= 1;
  all = Buffer.concat([all.subarray(0, end), Buffer.alloc(bytes - 1 - end, 0x2e), Buffer.from('\n')]);
  return all;
}
