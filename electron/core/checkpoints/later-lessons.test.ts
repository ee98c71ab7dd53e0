// Every check of the lessons after etcd (api-server onwards, whose components cannot run
// here), and the checks of the earlier lessons that have recordings too (those lessons run
// for real in the lab e2e, e2e/course-lab.spec.ts), taken from the REAL course and resolved the way the checkpoint service does it,
// against a fake HostAccess that answers exactly the commands each kind sends with outputs
// recorded from the real components (fixtures/later-lessons/outputs.json, sources in its
// README.md). The https kind talks to a real TLS server in this process serving the
// openssl-made certificates. A check without recorded outputs fails this test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostSummary } from '../../../common/api';
import type { Lesson } from '../../../common/course';
import { variableValues } from '../../../common/variables';
import { loadCertificate } from '../checks/cert-info';
import { loadCourse } from '../lessons';
import { type Case, LATER, caseRunner, plain } from './recorded-cases';

const ROOT = join(import.meta.dirname, '..', '..', '..');

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

// "now" inside every certificate's window, 30 days clear of its end (tests pin it).
const newest = loadCertificate(readFileSync(join(LATER, 'certs', 'kube-api.crt')), 'kube-api.crt');
if (!newest.ok) throw new Error(newest.message);
const NOW = new Date(newest.value.notBefore.getTime() + 86_400_000);

const cases = caseRunner(values, NOW);
afterAll(() => cases.close());
const resolved = cases.resolved;
const runCase = cases.run;

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
