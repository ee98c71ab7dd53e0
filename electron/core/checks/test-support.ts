// A fake HostAccess for unit tests: replays recorded outputs and serves a virtual file
// system to the one-exec file reader.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { CheckSpec } from '../../../common/course';
import type { ExecResult, HostAccess } from './host-access';
import { commandLine } from './kinds/command';
import { fileCommand } from './kinds/file';
import { kubectlCommand } from './kinds/kubectl';
import { portCommand } from './kinds/port';
import { systemdCommand } from './kinds/systemd';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export interface Recorded extends ExecResult { source: string; command: string }

export function recorded(name: string): Recorded {
  return JSON.parse(readFileSync(join(FIXTURES, 'recorded', `${name}.json`), 'utf8')) as Recorded;
}

export function certFile(name: string): Buffer {
  return readFileSync(join(FIXTURES, 'recorded', 'certs', name));
}

export function fact(name: string): Record<string, unknown> & ExecResult {
  const all = JSON.parse(readFileSync(join(FIXTURES, 'k8s-facts.json'), 'utf8')) as Record<string, Record<string, unknown> & ExecResult>;
  const f = all[name];
  if (!f) throw new Error(`no fact ${name}`);
  return f;
}

/** Output of readFilesCommand for files of a virtual file system (same format as recorded/readfiles-etcd.json). */
export function serveReadFiles(command: string, fs: Map<string, Buffer>): ExecResult | undefined {
  const nonce = /@@([0-9a-f]{12}) 0/.exec(command)?.[1];
  if (!nonce) return undefined;
  const paths = [...command.matchAll(/if \[ ! -e (\S+) \]/g)].map((m) => (m[1] as string).replace(/^'(.*)'$/, '$1'));
  const out = paths.map((p, i) => {
    const data = fs.get(p);
    return `@@${nonce} ${i}\n${data ? `ok\n${data.toString('base64')}\n` : 'missing\n'}`;
  });
  return { code: 0, stdout: out.join(''), stderr: '' };
}

export type ExecHandler = (command: string) => ExecResult | Promise<ExecResult>;

export function fakeAccess(handler: ExecHandler, extra: Partial<HostAccess> = {}): HostAccess & { commands: string[] } {
  const commands: string[] = [];
  return {
    commands,
    exec: async (_role, command) => {
      commands.push(command);
      return handler(command);
    },
    forwardOut: (): Promise<Duplex> => Promise.reject(new Error('no forwardOut in this test')),
    ping: async () => {},
    ...extra,
  };
}

/** Replays a recording whose nonce was pinned, with the nonce of the live command. */
export function withNonce(r: ExecResult, command: string, pinned = 'f1x7ure00000'): ExecResult {
  const live = /@@journal-([0-9a-f]{12})/.exec(command)?.[1] ?? /@@([0-9a-f]{12})/.exec(command)?.[1];
  return live ? { ...r, stdout: r.stdout.split(pinned).join(live) } : r;
}

/** How a recorded-output case gives its exec result: inline, a fact file, or a fact's body. */
export type ExecFixture = ExecResult | { fact: string } | { factBody: string; code: number; stderr: string };

/** The exec result of a case in the later lessons' or drills' recorded outputs. */
export function caseOutput(c: { recorded?: string; exec?: ExecFixture }): ExecResult {
  if (c.recorded) {
    const { code, stdout, stderr } = recorded(c.recorded);
    return { code, stdout, stderr };
  }
  const e = c.exec;
  if (!e) throw new Error('the case has neither exec nor recorded');
  if ('fact' in e) {
    const f = fact(e.fact);
    return { code: f.code, stdout: f.stdout, stderr: f.stderr };
  }
  if ('factBody' in e) return { code: e.code, stdout: String(fact(e.factBody).body), stderr: e.stderr };
  return e;
}

/** The one command the kind sends for this spec (systemd: with the live nonce). */
export function expectedCommand(spec: CheckSpec, sent: string): string | undefined {
  switch (spec.kind) {
    case 'command': return commandLine(spec.run);
    case 'kubectl': return kubectlCommand(spec);
    case 'port': return portCommand(spec.port);
    case 'file': return fileCommand(spec.path, spec.contains !== undefined && !spec.absent);
    case 'systemd': return systemdCommand(spec.unit, /@@journal-([0-9a-f]{12})/.exec(sent)?.[1] ?? 'none');
    default: return undefined;
  }
}
