// Test support (imported by tests only): runs one check of the REAL course, resolved the way
// the checkpoint service does it, against a recorded case: a fake HostAccess that answers
// exactly the commands its kind sends (an exec output, a lab recording, files served to the
// one-exec reader) and, for the https kind, a real TLS server in this process serving the
// recorded certificates. Used by the later lessons' and the drills' recorded-output tests.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import type { CheckSpec } from '../../../common/course';
import type { VariableValue } from '../../../common/variables';
import { runLessonChecks } from '../checks/engine';
import { HostAccessError } from '../checks/host-access';
import { type ExecFixture, FIXTURES, caseOutput, expectedCommand, fakeAccess, serveReadFiles, withNonce } from '../checks/test-support';
import type { SpecOf } from '../checks/types';
import { resolveSpec } from './checkpoint-service';

export const LATER = join(FIXTURES, 'later-lessons');

export interface HttpAnswer { status: number; statusText: string; body: string }
export interface ServerFixture {
  cert: string;
  key: string;
  /** The CA the server accepts client certificates from. */
  clientCa: string;
  /** Answer to a client certificate signed by clientCa. */
  authorized?: HttpAnswer;
  /** Answer to a client certificate that does not verify. */
  rejected?: HttpAnswer;
  /** Answer to a caller without a client certificate. */
  anonymous?: HttpAnswer;
}
export interface Case {
  source: string;
  /** For a bad case: text the message must contain (expected vs found). */
  message?: string;
  exec?: ExecFixture;
  /** A recording in fixtures/recorded (systemd-*, port-*, file-*, kubectl-*). */
  recorded?: string;
  /** Files served to the one-exec reader: path (with {{variables}}) → `later:NAME` | `recorded:NAME` | null (missing). */
  files?: Record<string, string | null>;
  server?: ServerFixture;
}

/** `later:NAME` (later-lessons/certs) or `recorded:NAME` (recorded/certs). */
export function fixtureFile(ref: string): Buffer {
  const m = /^(later|recorded):(.+)$/.exec(ref);
  if (!m) throw new Error(`bad file reference ${ref}`);
  return readFileSync(m[1] === 'later' ? join(LATER, 'certs', m[2] as string) : join(FIXTURES, 'recorded', 'certs', m[2] as string));
}

/** Double quotes are escaped in quoted output; compare without the escapes. */
export const plain = (s: string) => s.replaceAll('\\"', '"');

export interface CaseRunner {
  resolved(spec: CheckSpec): CheckSpec;
  run(spec: CheckSpec, c: Case): Promise<{ r: Awaited<ReturnType<typeof runLessonChecks>>[number]; unexpected: string[]; commands: string[] }>;
  /** Closes the TLS servers the https cases started. */
  close(): void;
}

/** A runner for the course's checks with these variable values; certificates are judged at `now`. */
export function caseRunner(values: Map<string, VariableValue>, now: Date): CaseRunner {
  const servers: Server[] = [];
  const resolved = (spec: CheckSpec): CheckSpec => {
    const r = resolveSpec(spec, values);
    if (!r.spec) throw new Error(`${spec.id}: unresolved ${r.missing.map((m) => m.name).join(', ')}`);
    return r.spec;
  };
  const resolveText = (text: string): string => (resolved({ id: 'x', kind: 'command', host: 'master', run: text } as CheckSpec) as SpecOf<'command'>).run;

  async function startServer(f: ServerFixture): Promise<number> {
    const server = createServer({ cert: fixtureFile(f.cert), key: fixtureFile(f.key), ca: fixtureFile(f.clientCa), requestCert: true, rejectUnauthorized: false }, (socket: TLSSocket) => {
      socket.on('error', () => {});
      socket.once('data', () => {
        const peer = socket.getPeerCertificate();
        const presented = peer !== null && Object.keys(peer).length > 0;
        const a = presented ? (socket.authorized ? f.authorized : f.rejected) : f.anonymous;
        if (!a) return socket.destroy(); // no answer recorded: hang up
        socket.end(`HTTP/1.1 ${a.status} ${a.statusText}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(a.body)}\r\n\r\n${a.body}`);
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return (server.address() as { port: number }).port;
  }

  async function run(spec: CheckSpec, c: Case) {
    const fs = new Map<string, Buffer>();
    for (const [path, ref] of Object.entries(c.files ?? {})) if (ref !== null) fs.set(resolveText(path), fixtureFile(ref));
    const unexpected: string[] = [];
    const serverPort = c.server ? await startServer(c.server) : undefined;
    const access = fakeAccess((cmd) => {
      const files = c.files ? serveReadFiles(cmd, fs) : undefined;
      if (files) return files;
      const want = expectedCommand(spec, cmd);
      if (want === undefined || cmd !== want) {
        unexpected.push(cmd);
        throw new Error(`the fake VM has no recorded output for: ${cmd}`);
      }
      return spec.kind === 'systemd' ? withNonce(caseOutput(c), cmd) : caseOutput(c);
    }, {
      forwardOut: (_role, host, port) => new Promise<Duplex>((resolve, reject) => {
        if (spec.kind !== 'https' || host !== '127.0.0.1' || port !== spec.port || serverPort === undefined) {
          reject(new HostAccessError('forward-failed', 'Connection refused'));
          return;
        }
        const s = connect(serverPort, '127.0.0.1', () => resolve(s));
        s.on('error', reject);
      }),
    });
    const [r] = await runLessonChecks([spec], access, { now: () => now });
    return { r: r!, unexpected, commands: access.commands };
  }

  return {
    resolved,
    run,
    close: () => {
      for (const s of servers) s.close();
    },
  };
}
