// port: something listens on a TCP port (ss -ltnH 'sport = :PORT'); with `address`, on
// that address or on a wildcard (0.0.0.0, [::], *) that includes it.
import { quoteOutput } from '../expect-text';
import { shq } from '../../terminals/shell-quote';
import { fail, pass, type CheckKindRunner } from '../types';

export function portCommand(port: number): string {
  return `ss -ltnH ${shq(`sport = :${port}`)}`;
}

export interface Listener {
  address: string;
  port: number;
}

/** Parses `ss -ltnH` lines: State Recv-Q Send-Q Local:Port Peer:Port [Process]. */
export function parseListeners(stdout: string): Listener[] {
  const out: Listener[] = [];
  for (const line of stdout.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 4 || cols[0] !== 'LISTEN') continue;
    const local = cols[3] as string;
    const colon = local.lastIndexOf(':');
    if (colon < 0) continue;
    let address = local.slice(0, colon);
    const port = Number(local.slice(colon + 1));
    address = address.replace(/%[^\]]+/, ''); // 127.0.0.53%lo, [fe80::1%eth0]
    if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) address = mapped[1] as string;
    out.push({ address, port });
  }
  return out;
}

const WILDCARDS = new Set(['*', '0.0.0.0', '::']);

function shown(l: Listener): string {
  return l.address.includes(':') ? `[${l.address}]` : l.address;
}

export const runPortCheck: CheckKindRunner<'port'> = async (spec, ctx) => {
  const r = await ctx.exec(portCommand(spec.port));
  if (r.code !== 0) {
    if (r.code === 127) return fail(`ss is not installed on ${ctx.role} (apt-get install iproute2)`);
    throw new Error(`ss failed (exit ${r.code}): ${quoteOutput(r.stderr, 2)}`);
  }
  const listeners = parseListeners(r.stdout).filter((l) => l.port === spec.port);
  if (listeners.length === 0) return fail(`nothing listens on TCP port ${spec.port}`);
  const list = [...new Set(listeners.map(shown))].join(', ');
  if (spec.address === undefined) return pass(`port ${spec.port} is open on ${list}`);
  const want = spec.address.replace(/^\[|\]$/g, '');
  const exact = listeners.some((l) => l.address === want);
  const wildcard = listeners.find((l) => WILDCARDS.has(l.address) && (l.address !== '0.0.0.0' || !want.includes(':')));
  if (exact) return pass(`port ${spec.port} is open on ${want}`);
  if (wildcard) return pass(`port ${spec.port} is open on all addresses (${shown(wildcard)}), which includes ${want}`);
  return fail(`port ${spec.port} is open only on ${list}, not on ${want}`);
};
