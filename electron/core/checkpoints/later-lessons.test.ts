// Every check of the lessons after etcd (api-server onwards, whose components cannot run
// here), and the checks of the earlier lessons that have recordings too (those lessons run
// for real in the lab e2e, e2e/course-lab.spec.ts), taken from the REAL course and resolved the way the checkpoint service does it,
// against a fake HostAccess that answers exactly the commands each kind sends with outputs
// recorded from the real components (fixtures/later-lessons/outputs.json, sources in its
// README.md). The https kind talks to a real TLS server in this process serving the
// openssl-made certificates. A check without recorded outputs fails this test.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostSummary } from '../../../common/api';
import type { CheckSpec, Lesson } from '../../../common/course';
import { variableValues } from '../../../common/variables';
import { loadCertificate } from '../checks/cert-info';
import { runLessonChecks } from '../checks/engine';
import { HostAccessError } from '../checks/host-access';
import { type ExecFixture, FIXTURES, caseOutput, expectedCommand, fakeAccess, serveReadFiles, withNonce } from '../checks/test-support';
import type { SpecOf } from '../checks/types';
import { loadCourse } from '../lessons';
import { resolveSpec } from './checkpoint-service';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const LATER = join(FIXTURES, 'later-lessons');

interface HttpAnswer { status: number; statusText: string; body: string }
interface ServerFixture {
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
interface Case {
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
/** `bad` may list several mistakes (e.g. no listener, and one on every address). */
type Outputs = Record<string, { good: Case; bad: Case | Case[] }>;
const badCases = (f: { bad: Case | Case[] }): Case[] => (Array.isArray(f.bad) ? f.bad : [f.bad]);

const outputs = JSON.parse(readFileSync(join(LATER, 'outputs.json'), 'utf8')) as Outputs & { README?: unknown };
delete outputs.README;

/** The lab's addresses, as the Hosts screen would give them. */
const LAB_HOSTS: HostSummary[] = [
  { role: 'master', address: '10.77.0.10', port: 22, user: 'root', auth: 'password', hasSecret: true },
  { role: 'worker', address: '10.77.0.11', port: 22, user: 'root', auth: 'password', hasSecret: true },
];

const { course } = await loadCourse(join(ROOT, 'lessons'));
const values = variableValues(course, LAB_HOSTS);
const etcdAt = course.lessons.findIndex((l) => l.id === 'etcd');
const later: Lesson[] = etcdAt < 0 ? [] : course.lessons.slice(etcdAt + 1);
/** Set up the nodes … etcd: proven in the lab e2e; a check with a recording is replayed here too. */
const earlier: Lesson[] = etcdAt < 0 ? [] : course.lessons.slice(0, etcdAt + 1);

function resolved(spec: CheckSpec): CheckSpec {
  const r = resolveSpec(spec, values);
  if (!r.spec) throw new Error(`${spec.id}: unresolved ${r.missing.map((m) => m.name).join(', ')}`);
  return r.spec;
}

function fixtureFile(ref: string): Buffer {
  const m = /^(later|recorded):(.+)$/.exec(ref);
  if (!m) throw new Error(`bad file reference ${ref}`);
  return readFileSync(m[1] === 'later' ? join(LATER, 'certs', m[2] as string) : join(FIXTURES, 'recorded', 'certs', m[2] as string));
}

function resolveText(text: string): string {
  const r = resolveSpec({ id: 'x', kind: 'command', host: 'master', run: text } as CheckSpec, values);
  return (r.spec as SpecOf<'command'>).run;
}

const servers: Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
});

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

// "now" inside every certificate's window, 30 days clear of its end (tests pin it).
const newest = loadCertificate(readFileSync(join(LATER, 'certs', 'kube-api.crt')), 'kube-api.crt');
if (!newest.ok) throw new Error(newest.message);
const NOW = new Date(newest.value.notBefore.getTime() + 86_400_000);

/** Double quotes are escaped in quoted output; compare without the escapes. */
const plain = (s: string) => s.replaceAll('\\"', '"');

async function runCase(spec: CheckSpec, c: Case) {
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
  const [r] = await runLessonChecks([spec], access, { now: () => NOW });
  return { r: r!, unexpected, commands: access.commands };
}

describe('recorded outputs for the lessons after etcd', () => {
  it('the real course has the lessons after etcd', () => {
    expect(etcdAt).toBeGreaterThan(0);
    expect(later.map((l) => l.id)).toEqual(['api-server', 'admin-kubeconfig', 'controller-manager', 'scheduler', 'kubelet', 'kube-proxy', 'join-nodes', 'network-add-ons', 'coredns', 'verify-cluster', 'deploy-applications', 'etcd-backup', 'certificates-expire', 'reboot', 'take-it-all-down']);
  });

  it('every check has a recorded good and bad output, and every recording belongs to a check', () => {
    const keys = later.flatMap((l) => l.checks.map((c) => `${l.id}/${c.id}`));
    const missing = keys.filter((k) => !outputs[k]?.good || !outputs[k]?.bad).map((k) => {
      const [lesson, check] = k.split('/');
      return `no recorded output for check ${check} of lesson ${lesson}`;
    });
    expect(missing).toEqual([]);
    const all = [...earlier, ...later].flatMap((l) => l.checks.map((c) => `${l.id}/${c.id}`));
    expect(Object.keys(outputs).filter((k) => !all.includes(k))).toEqual([]);
    for (const k of Object.keys(outputs)) {
      expect(badCases(outputs[k]!).length, k).toBeGreaterThan(0);
      for (const c of [outputs[k]!.good, ...badCases(outputs[k]!)]) expect(c.source, k).toMatch(/\S/);
      for (const c of badCases(outputs[k]!)) expect(c.message, `${k}: a bad case names the message it must give`).toBeTruthy();
    }
  });
});

for (const lesson of [...earlier, ...later]) {
  const checks = earlier.includes(lesson) ? lesson.checks.filter((c) => outputs[`${lesson.id}/${c.id}`]) : lesson.checks;
  if (checks.length === 0) continue;
  describe(`lesson ${lesson.id}`, () => {
    for (const raw of checks) {
      const key = `${lesson.id}/${raw.id}`;
      it(`${raw.id} (${raw.kind})`, async () => {
        const fixture = outputs[key];
        if (!fixture) throw new Error(`no recorded output for check ${raw.id} of lesson ${lesson.id}`);
        const spec = resolved(raw);
        const good = await runCase(spec, fixture.good);
        expect(good.unexpected, 'commands the fake VM was not recorded for').toEqual([]);
        expect(good.commands.length).toBeGreaterThan(0);
        expect(good.r.outcome, `good (${fixture.good.source}): ${good.r.message}`).toBe('pass');
        for (const c of badCases(fixture)) {
          const bad = await runCase(spec, c);
          expect(bad.unexpected, 'commands the fake VM was not recorded for').toEqual([]);
          expect(bad.r.outcome, `bad (${c.source}): ${bad.r.message}`).toBe('fail');
          expect(plain(bad.r.message)).toContain(plain(c.message ?? ''));
          expect(bad.r.hint, 'a failing check carries advice').toBeTruthy();
        }
      });
    }
  });
}
