// The REAL drill "kube-master cannot reach kube-worker by name" (a stale /etc/hosts line),
// run by the real drill service on the lab's VMs with the real checks of "Set up the nodes":
// the fresh check passes, the drill is recorded, the fault goes in, the check it names
// fails, the explanation's fix (run over the checks' connection here, in place of the
// learner's terminal) solves it; started again, half repaired, Undo leaves the lesson
// passing. The lesson's /etc/hosts lines are added first (its own block) and each VM's
// /etc/hosts is put back as it was afterwards. Fails (does not skip) when the lab is down.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CheckResult, HostSummary } from '../../../common/api';
import type { CheckSpec } from '../../../common/course';
import { emptyProgress } from '../../../common/progress';
import { labExec, labHosts } from '../../../e2e/helpers/lab';
import { openLabConnection } from '../../../e2e/helpers/lab-ssh';
import { resolveSpec } from '../checkpoints/checkpoint-service';
import { runLessonChecks } from '../checks/engine';
import { createHostAccess } from '../checks/host-access';
import { createCourseModel } from '../course/course-model';
import { EventBus } from '../events';
import { loadCourse } from '../lessons';
import { courseDrills } from '../lessons/course-drills';
import type { SshConnection } from '../ssh/connection';
import { createDrillService } from './drill-service';

const LAB_HOSTS: HostSummary[] = [
  { role: 'master', address: '10.77.0.10', port: 22, user: 'root', auth: 'password', hasSecret: true },
  { role: 'worker', address: '10.77.0.11', port: 22, user: 'root', auth: 'password', hasSecret: true },
];
const conns = new Map<string, SshConnection>();
const saved = new Map<'master' | 'worker', string>();

const { course } = await loadCourse(join(import.meta.dirname, '..', '..', '..', 'lessons'));
const drill = courseDrills(course).find((d) => d.id === 'stale-hosts-entry');
const lesson = course.lessons.find((l) => l.id === 'set-up-the-nodes');
const progress = emptyProgress();
progress.lessons['set-up-the-nodes'] = { completedAt: '2026-01-01T00:00:00.000Z', checks: {}, blocks: {} };
const model = createCourseModel({ course, listHosts: async () => LAB_HOSTS, progress: () => progress, updateProgress: async (change) => change(progress) });
const access = createHostAccess(async (role) => {
  const c = conns.get(role);
  if (!c) throw new Error(`no connection to ${role}`);
  return c;
});

/** The lesson's real checks (all, or these), stored in progress as the checkpoint service does. */
async function runChecks(ids?: string[]): Promise<CheckResult[]> {
  if (!lesson) throw new Error('no lesson set-up-the-nodes');
  const values = await model.values();
  const specs = lesson.checks.filter((c) => !ids || ids.includes(c.id)).map((c) => resolveSpec(c, values).spec as CheckSpec);
  const at = new Date().toISOString();
  const results = (await runLessonChecks(specs, access)).map((r): CheckResult => ({ lessonId: lesson.id, checkId: r.checkId, outcome: r.outcome, message: r.message, at }));
  for (const r of results) progress.lessons[lesson.id]!.checks[r.checkId] = { outcome: r.outcome, at: r.at, message: r.message };
  return results;
}
const failing = (rs: CheckResult[]) => rs.filter((r) => r.outcome !== 'pass').map((r) => r.checkId);

const service = createDrillService({
  model,
  events: new EventBus(),
  access,
  checkpoints: { runChecks: () => runChecks(), runBatch: (_lessonId, ids) => runChecks(ids) },
  // In place of the learner's terminal: the block runs over the same connection, as root.
  runInTerminal: async (role, text) => ({ lastExitCode: (await access.exec(role, text, { timeoutMs: 30_000 })).code }),
  copy: async () => {
    throw new Error('this drill copies nothing');
  },
});

beforeAll(async () => {
  for (const h of labHosts()) conns.set(h.role, await openLabConnection(h));
  for (const role of ['master', 'worker'] as const) saved.set(role, labExec(role, 'base64 -w0 /etc/hosts'));
  // The lesson's own block on each VM: both machines in /etc/hosts.
  for (const b of lesson?.blocks.filter((x) => x.title === 'Add both machines to /etc/hosts') ?? []) {
    const r = await access.exec(model.role(b.host), await model.resolve(b.code, 'the block'), { timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
  }
}, 60_000);

afterAll(() => {
  for (const c of conns.values()) c.close();
  for (const [role, b64] of saved) labExec(role, `echo ${b64} | base64 -d > /etc/hosts`);
});

it('the real drill: fresh check, fault, the check fails, the fix solves it; half repaired, Undo leaves the lesson passing', async () => {
  if (!drill) throw new Error('the course has no drill stale-hosts-entry');
  expect(failing(await runChecks())).toEqual([]);
  await service.start(drill.id);
  expect(progress.drills[drill.id]?.active?.injectFailed).toBeUndefined();
  expect(labExec('master', 'getent hosts kube-worker | head -n 1').trim()).toMatch(/^192\.0\.2\.11\s+kube-worker$/);
  expect(progress.lessons['set-up-the-nodes']?.checks['master-resolves-worker']?.outcome).toBe('fail');
  expect(service.active()?.id).toBe(drill.id);

  for (const b of drill.blocks) expect((await service.runBlock(drill.id, b.id)).exitCode).toBe(0);
  expect(service.active()).toBeUndefined();
  expect(progress.drills[drill.id]?.attempts.map((a) => a.outcome)).toEqual(['solved']);
  expect(labExec('master', 'getent hosts kube-worker | head -n 1').trim()).toMatch(/^10\.77\.0\.11\s+kube-worker$/);

  // Again; half repaired: one more right line added at the end, the stale one still first. Undo.
  await service.start(drill.id);
  labExec('master', 'echo "10.77.0.11 kube-worker" >> /etc/hosts');
  expect(failing(await runChecks(['master-resolves-worker']))).toEqual(['master-resolves-worker']);
  await service.undo(drill.id);
  expect(progress.drills[drill.id]?.attempts.map((a) => a.outcome)).toEqual(['solved', 'undone']);
  expect(labExec('master', "grep -c '# old test VM' /etc/hosts || true").trim()).toBe('0');
  expect(failing(await runChecks())).toEqual([]);
}, 120_000);
