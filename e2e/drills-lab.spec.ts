// Troubleshooting drills for real on the lab's VMs. Lessons 03–08 run whole through the
// app; then drills of different kinds, each: the app injects the fault (after a fresh
// passing check of the lessons it needs) → the checks it names fail → the explanation's
// fix blocks run in the app's terminal → the checks pass and the drill is solved; and
// started again, half fixed by hand, then Undo the fault → the lesson passes again.
//  - the certificate authority: ca.key replaced by an unrelated key (signing fails);
//  - a certificate: etcd's certificate issued again without the master's address (in
//    Chromium, through the drill page: hints, Show me, Run, the record), and etcd's
//    certificate expired (signed by the lab's CA with a past notAfter: openssl ca);
//  - a unit stopped and disabled: etcd;
//  - a sysctl and a containerd setting: ip_forward off on kube-worker by a later sysctl.d
//    file, containerd's SystemdCgroup flipped.
// While a drill is under way no regression notice names its lessons.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Locator, type Page, expect, test } from '@playwright/test';
import type { ApiClient, ApiEvents, CheckResult } from '../common/api';
import type { DrillSummary } from '../common/drill';
import { labExec } from './helpers/lab';
import { resetLessonsInVms, runLessonThroughApp, startLabCourse } from './helpers/lab-course';
import { type Served, openApp, projectRoot } from './helpers/serve';

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', deviceScaleFactor: 1 });

/** Pictures for the user guide: with UPDATE_GUIDE_SHOTS=1 they replace docs/guide's (as e2e/user-guide.spec.ts does). */
async function shot(target: Page | Locator, name: string): Promise<void> {
  const page = 'mouse' in target ? target : target.page();
  await page.mouse.move(1, 1);
  const path = process.env.UPDATE_GUIDE_SHOTS === '1' ? join(projectRoot, 'docs', 'guide', name) : test.info().outputPath(name);
  await target.screenshot({ path, animations: 'disabled', caret: 'hide', scale: 'css' });
}

const HANDS_ON = ['set-up-the-nodes', 'install-dependencies', 'download-binaries', 'certificate-authority', 'etcd'] as const;
const CERTS = '/root/certificates';

let served: Served;
let api: ApiClient & { close(): void };
let artifactsDir: string;
let drills: DrillSummary[] = [];
const notices: ApiEvents['notice'][] = [];
const timings: string[] = [];

const drill = (id: string): DrillSummary => {
  const d = drills.find((x) => x.id === id);
  if (!d) throw new Error(`no drill ${id}`);
  return d;
};

async function checksPass(lessonId: string): Promise<CheckResult[]> {
  const results = await api.runChecks(lessonId);
  expect(results.filter((r) => r.outcome !== 'pass').map((r) => `${r.checkId}: ${r.outcome}: ${r.message}`), lessonId).toEqual([]);
  return results;
}

/** The stored outcome of each check the drill names. */
async function provedOutcomes(d: DrillSummary): Promise<string[]> {
  const { lessons } = await api.getProgress();
  return d.proves.map((p) => lessons[p.lessonId]?.checks[p.checkId]?.outcome ?? 'none');
}

async function cleanUp(): Promise<void> {
  const progress = await api.getProgress();
  for (const [id, p] of Object.entries(progress.drills ?? {})) if (p.active) await api.undoDrill(id);
  labExec('master', `rm -rf /var/lib/k8s-tutor-drills ${CERTS}/ca.key.old ${CERTS}/ca.key.bak`);
  labExec('worker', "rm -rf /var/lib/k8s-tutor-drills; sed -i -e '/^# network tuning$/d' -e '/^net\\.ipv4\\.ip_forward *= *0$/d' /etc/sysctl.conf");
  await resetLessonsInVms(api, [...HANDS_ON].reverse());
}

/** Starts a drill through the API and checks the fault: every check it names fails, none of its lessons raised a notice. */
async function startAndSeeItFail(d: DrillSummary): Promise<void> {
  const before = notices.length;
  const t = Date.now();
  await api.startDrill(d.id);
  timings.push(`${d.id}: fresh check + inject + checks ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const view = await api.getProgress();
  expect(view.drills?.[d.id]?.active?.injectFailed, `${d.id}: the fault went in`).toBeUndefined();
  expect(await provedOutcomes(d), `${d.id}: the checks it names fail`).toEqual(d.proves.map(() => 'fail'));
  expect(view.drills?.[d.id]?.active?.injectedAt).toBeTruthy();
  // Pass or fail only: a message would give the cause away.
  for (const p of d.proves) expect(view.lessons[p.lessonId]?.checks[p.checkId]?.message).toBe('It fails (during a drill, checks say no more).');
  expect(notices.slice(before).filter((n) => n.level === 'warning' && n.lessonId && d.requires.includes(n.lessonId))).toEqual([]);
}

/** Show me, then the explanation's fix blocks in the app's terminal; the drill must end solved. */
async function fixWithExplanation(d: DrillSummary): Promise<void> {
  // The explanation stays in core until Show me.
  await expect(api.drillDetails(d.id)).rejects.toThrow(/after Show me/);
  await api.showDrillAnswer(d.id);
  const { blocks } = await api.drillDetails(d.id);
  for (const b of blocks) {
    const { exitCode } = await api.runDrillBlock(d.id, b.id);
    expect(exitCode, `${d.id}: block ${b.title ?? b.id}`).toBe(0);
  }
  await expect.poll(async () => (await api.getProgress()).drills?.[d.id]?.attempts.at(-1)?.outcome, { timeout: 60_000 }).toBe('solved');
  expect((await api.getProgress()).drills?.[d.id]?.active).toBeUndefined();
  expect(await provedOutcomes(d)).toEqual(d.proves.map(() => 'pass'));
}

/** Starts it again, repairs half by hand (`half`), then Undo: the lessons pass again. */
async function undoHalfFixed(d: DrillSummary, half: { role: 'master' | 'worker'; run: string }): Promise<void> {
  await api.startDrill(d.id);
  expect(await provedOutcomes(d)).toContain('fail');
  labExec(half.role, half.run);
  await api.undoDrill(d.id);
  expect((await api.getProgress()).drills?.[d.id]?.attempts.at(-1)?.outcome).toBe('undone');
  for (const lessonId of d.requires) await checksPass(lessonId);
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  ({ served, api, artifactsDir } = await startLabCourse());
  api.on('notice', (n) => notices.push(n));
  drills = (await api.getCourse()).course.drills ?? [];
  await cleanUp();
});
test.afterAll(async () => {
  if (api) await cleanUp().catch((e: unknown) => console.log(`cleanup: ${String(e)}`));
  api?.close();
  await served?.stop();
  if (artifactsDir) rmSync(artifactsDir, { recursive: true, force: true });
  console.log(`drills-lab timings:\n  ${timings.join('\n  ')}`);
});

test('the VMs pass lessons 03 to 08 (run whole through the app)', async () => {
  test.setTimeout(900_000);
  for (const id of HANDS_ON) {
    if (id === 'download-binaries') {
      await api.importArtifacts(artifactsDir);
      await api.uploadArtifacts('master');
      await api.uploadArtifacts('worker');
    }
    const end = await runLessonThroughApp(api, id, 300_000);
    expect(end.state, `${id} stopped at ${end.failedBlockId ?? '?'}`).toBe('finished');
    await checksPass(id);
  }
  const { states } = await api.getProgress();
  expect(HANDS_ON.map((id) => states[id])).toEqual(HANDS_ON.map(() => 'passed'));
});

test('a drill does not start while a lesson it needs fails: the fresh check comes first', async () => {
  const d = drill('etcd-stopped');
  labExec('master', `mv ${CERTS}/etcd.key /root/etcd.key.away`);
  try {
    await expect(api.startDrill(d.id)).rejects.toThrow(/does not pass right now/);
    expect((await api.getProgress()).drills?.[d.id]?.active).toBeUndefined();
    expect(labExec('master', 'systemctl is-enabled etcd').trim()).toBe('enabled');
  } finally {
    labExec('master', `mv /root/etcd.key.away ${CERTS}/etcd.key`);
  }
  await checksPass('etcd');
});

test('certificate authority: ca.key replaced by an unrelated key (the course payload carries no secret of it)', async () => {
  test.setTimeout(300_000);
  const d = drill('ca-key-mismatch');
  // What the renderer gets of the drill: its summary, none of its hints or steps.
  expect(Object.keys(d).sort()).toEqual(['file', 'hintCount', 'id', 'machines', 'proves', 'requires', 'symptom', 'title']);
  const caKey = labExec('master', `sha256sum < ${CERTS}/ca.key`);
  await startAndSeeItFail(d);
  expect(labExec('master', `sha256sum < ${CERTS}/ca.key`)).not.toBe(caKey);
  // What the learner meets: signing with the CA fails.
  expect(labExec('master', `cd /tmp && openssl req -new -newkey rsa:2048 -nodes -keyout t.key -subj /CN=t -out t.csr 2>/dev/null; openssl x509 -req -in t.csr -CA ${CERTS}/ca.crt -CAkey ${CERTS}/ca.key -CAserial /tmp/t.srl -CAcreateserial -out t.crt 2>&1; echo "exit $?"; rm -f t.key t.csr t.crt t.srl`)).toMatch(/CA certificate and CA private key do not match[\s\S]*exit 1/);
  await fixWithExplanation(d);
  expect(labExec('master', `sha256sum < ${CERTS}/ca.key`)).toBe(caKey);
  await checksPass('etcd');
  // Half fixed: the wrong stray key put in place. Undo brings back the CA's own key.
  await undoHalfFixed(d, { role: 'master', run: `cp ${CERTS}/ca.key.bak ${CERTS}/ca.key` });
  expect(labExec('master', `sha256sum < ${CERTS}/ca.key`)).toBe(caKey);
  expect(labExec('master', `ls ${CERTS}`)).not.toMatch(/ca\.key\.(old|bak)/);
});

const drillCheck = (page: Page, checkId: string) => page.getByTestId(`drill-check-${checkId}`);
/** etcd's certificate issued again with both addresses, etcd NOT restarted: half a repair. */
const REISSUE_ONLY = `cd ${CERTS} && openssl req -new -key etcd.key -subj /CN=etcd -config etcd.cnf -out etcd.csr 2>/dev/null && openssl x509 -req -in etcd.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 365 -extfile etcd.cnf -extensions etcd_ext -out etcd.crt 2>/dev/null && rm -f etcd.csr`;

test('certificate: etcd’s certificate without the master’s address, found and fixed on the drill page', async ({ page }) => {
  test.setTimeout(300_000);
  const d = drill('etcd-certificate-without-master-ip');
  page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
  await page.addInitScript(() => {
    (window as unknown as { __tutorTerminalRenderer?: string }).__tutorTerminalRenderer = 'dom';
  });
  await openApp(page, served);
  await page.getByTestId(`lesson-item-etcd`).click();
  await expect(page.getByTestId('practise-troubleshooting')).toContainText(d.title);
  await page.getByTestId('practise-troubleshooting').scrollIntoViewIfNeeded();
  await shot(page, 'drill-practise.png');
  await page.getByTestId(`practise-${d.id}`).click();
  await expect(page.getByTestId('drill-view')).toContainText('What you see');
  // The fix and the fault stay hidden before the drill.
  await expect(page.getByTestId('drill-explanation')).toHaveCount(0);
  await expect(page.getByTestId('drill-inject')).toHaveCount(0);

  const before = notices.length;
  await page.getByTestId('drill-start').click();
  await expect(page.getByTestId('drill-confirm')).toBeVisible();
  await shot(page, 'drill-confirm.png');
  await page.getByTestId('drill-confirm-start').click();
  await expect(page.getByTestId('drill-active')).toBeVisible({ timeout: 120_000 });
  for (const p of d.proves) await expect(drillCheck(page, p.checkId)).toHaveAttribute('data-outcome', 'fail', { timeout: 60_000 });
  await expect(page.getByTestId(`lesson-item-etcd`)).toHaveAttribute('data-state', 'failing');

  await expect(page.getByTestId('drill-hint-count')).toHaveText(`0 of ${d.hintCount + 1} hints used`);
  await page.getByTestId('drill-hint').click();
  await expect(page.getByTestId('drill-hints').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('drill-hint-count')).toHaveText(`1 of ${d.hintCount + 1} hints used`);
  await expect(page.getByTestId('drill-hints')).toContainText('Compare the two endpoints');
  await page.getByTestId('drill-active').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shot(page, 'drill-active.png');

  // The lesson's page says pass or fail only while the drill runs.
  await page.getByTestId('lesson-item-etcd').click();
  await expect(page.locator('[data-testid="check-item"][data-check-id="etcd-certificate"]')).toContainText('checks say no more');
  await page.getByTestId(`drill-item-${d.id}`).click();

  await page.getByTestId('drill-show-me').click();
  await expect(page.getByTestId('drill-explanation')).toContainText('without the master’s address');
  // The first block is the fix (the second only asks etcd again): once it ran, the checks
  // pass and the page turns to the record.
  const fix = (await api.drillDetails(d.id)).blocks[0]!.id;
  await page.getByTestId(`drill-run-${fix}`).click();
  await expect(page.getByTestId(`drill-block-${fix}`).getByRole('status')).toHaveText('Running…');
  await expect(page.getByTestId('drill-after')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('drill-attempt').last()).toHaveAttribute('data-outcome', 'solved');
  await expect(page.getByTestId('drill-attempt').last()).toContainText('with 1 hint, after Show me');
  // Afterwards the page shows what the drill did.
  await expect(page.getByTestId('drill-inject')).toContainText('subjectAltName = IP:127.0.0.1');
  await expect(page.getByTestId(`drill-item-${d.id}`)).toHaveAttribute('data-state', 'solved');
  await page.getByTestId('drill-after').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shot(page, 'drill-solved.png');
  expect(notices.slice(before).filter((n) => n.level === 'warning' && n.lessonId === 'etcd')).toEqual([]);
  await checksPass('etcd');

  // Half fixed (the certificate issued again, etcd not restarted), then Undo.
  await undoHalfFixed(d, { role: 'master', run: REISSUE_ONLY });
});

test('certificate: etcd’s certificate expired (signed by the CA with a past notAfter)', async () => {
  test.setTimeout(300_000);
  const d = drill('etcd-certificate-expired');
  await startAndSeeItFail(d);
  const notAfter = labExec('master', `openssl x509 -in ${CERTS}/etcd.crt -noout -enddate`).trim().replace('notAfter=', '');
  expect(Date.parse(notAfter)).toBeLessThan(Date.now() - 30 * 86_400_000);
  expect(labExec('master', `openssl verify -CAfile ${CERTS}/ca.crt -no_check_time ${CERTS}/etcd.crt`)).toContain('OK');
  await fixWithExplanation(d);
  await undoHalfFixed(d, { role: 'master', run: REISSUE_ONLY });
});

test('unit: etcd stopped and disabled', async () => {
  test.setTimeout(300_000);
  const d = drill('etcd-stopped');
  await startAndSeeItFail(d);
  expect(labExec('master', 'systemctl is-enabled etcd || true').trim()).toBe('disabled');
  await fixWithExplanation(d);
  expect(labExec('master', 'systemctl is-enabled etcd').trim()).toBe('enabled');
  // Half fixed: started, but still disabled.
  await undoHalfFixed(d, { role: 'master', run: 'systemctl start etcd' });
  expect(labExec('master', 'systemctl is-enabled etcd').trim()).toBe('enabled');
});

test('sysctl: IP forwarding turned off on kube-worker by /etc/sysctl.conf, applied after sysctl.d', async () => {
  test.setTimeout(300_000);
  const d = drill('worker-ip-forwarding');
  await startAndSeeItFail(d);
  expect(labExec('worker', 'sysctl -n net.ipv4.ip_forward').trim()).toBe('0');
  await fixWithExplanation(d);
  // Half fixed: the line removed, the settings not applied again.
  await undoHalfFixed(d, { role: 'worker', run: "sed -i '/^net\\.ipv4\\.ip_forward *= *0$/d' /etc/sysctl.conf" });
  expect(labExec('worker', 'sysctl -n net.ipv4.ip_forward').trim()).toBe('1');
});

test('containerd setting: SystemdCgroup flipped to false', async () => {
  test.setTimeout(300_000);
  const d = drill('containerd-cgroup-driver');
  await startAndSeeItFail(d);
  await fixWithExplanation(d);
  // Half fixed: the file edited back, containerd not restarted.
  await undoHalfFixed(d, { role: 'worker', run: "sed -i 's/SystemdCgroup = false/SystemdCgroup = true/' /etc/containerd/config.toml" });
});

test('the record: each drill solved once, with its time and hints, and the sidebar says so', async ({ page }) => {
  const progress = await api.getProgress();
  for (const id of ['ca-key-mismatch', 'etcd-certificate-without-master-ip', 'etcd-certificate-expired', 'etcd-stopped', 'worker-ip-forwarding', 'containerd-cgroup-driver']) {
    const attempts = progress.drills?.[id]?.attempts ?? [];
    expect(attempts.map((a) => a.outcome), id).toEqual(['solved', 'undone']);
    expect(attempts[0]!.seconds).toBeGreaterThanOrEqual(0);
  }
  await openApp(page, served);
  await expect(page.getByTestId('drill-item-etcd-stopped')).toHaveAttribute('data-state', 'solved');
});
