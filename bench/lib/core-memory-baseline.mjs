// The baseline process of coreMemory (core-memory.mjs): a plain Node process that opens
// the same two ssh2 shell sessions (pty xterm-256color 80x24, like the core's default
// size) to the lab VMs, runs the same command in each and drains its output (counted,
// decoded for the sentinel, dropped). Driven over stdin/stdout: prints "idle", waits for a
// line, runs, prints "done <bytes> <bytes>", waits for a line, exits.
// argv[2]: JSON [hosts (lab status entries), [{command, sentinel} per host]].
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import ssh2 from 'ssh2';
const [hosts, cmds] = JSON.parse(process.argv[2]);
const lines = createInterface({ input: process.stdin });
const next = () => new Promise((r) => lines.once('line', r));
console.log('idle');
await next();
const run = (h, i) => new Promise((resolve, reject) => {
  const c = new ssh2.Client();
  c.once('error', reject);
  c.once('ready', () => c.shell({ term: 'xterm-256color', cols: 80, rows: 24 }, (err, ch) => {
    if (err) return reject(err);
    let bytes = 0;
    let tail = '';
    let sent = false;
    const decoder = new TextDecoder();
    ch.on('data', (b) => {
      bytes += b.length;
      const text = tail + decoder.decode(b, { stream: true });
      tail = text.slice(-4096);
      if (!sent && /[#$] $/.test(text)) {
        sent = true;
        bytes = 0;
        tail = '';
        ch.write(cmds[i].command + '\r');
      } else if (sent && text.includes(cmds[i].sentinel)) resolve({ c, ch, bytes });
    });
  }));
  c.connect({ host: h.address, port: h.port, username: h.user, privateKey: readFileSync(h.privateKeyPath) });
});
const open = await Promise.all(hosts.map(run));
console.log('done ' + open.map((o) => o.bytes).join(' '));
await next();
for (const o of open) o.c.end();
process.exit(0);
