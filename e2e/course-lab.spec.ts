// The course's first hands-on lessons, end to end in Chromium against the lab: from "Set up
// the nodes" through "Configure etcd", each lesson runs with one click ("Run all commands")
// and every one of its checks passes against the real VMs. The release archives come the
// offline way (lab.sh artifacts → importArtifacts → uploadArtifacts): etcd is Debian's real
// 3.4.23, but kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy
// and crictl are STAND-INS that answer only `--version` (see e2e/README.md): lesson 05's
// checks prove the download / verify / unpack path, not those binaries.
// It runs twice: logged in as root, and as a user with passwordless sudo (as `ubuntu` on
// a cloud image), whose commands, checks, terminals and uploads act as root through sudo.
import { rmSync } from 'node:fs';
import { type Page, expect, test } from '@playwright/test';
import type { ApiClient } from '../common/api';
import { labExec, labSudoUsers } from './helpers/lab';
import { importAndUploadArchives, resetLessonsInVms, startLabCourse } from './helpers/lab-course';
import { type Served, openApp } from './helpers/serve';

test.describe.configure({ mode: 'serial' });

/** The lessons run through the UI, in course order. */
const RUN = ['set-up-the-nodes', 'install-dependencies', 'download-binaries', 'certificate-authority', 'etcd'] as const;
/** Lessons without checks: marked done through the API. */
const NO_CHECKS_BEFORE: Record<string, string[]> = {
  'set-up-the-nodes': ['what-is-kubernetes', 'cluster-architecture'],
  'certificate-authority': ['configuration-pattern'],
};
// Generous: apt-get update + install of containerd on the worker takes a minute or two.
const RUN_TIMEOUT: Record<string, number> = { 'install-dependencies': 300_000, 'download-binaries': 180_000 };

for (const login of ['root', 'passwordless sudo'] as const) test.describe(`logged in as ${login}`, () => {
  let served: Served;
  let api: ApiClient & { close(): void };
  let artifactsDir: string;
  const timings: string[] = [];

  /** Every lesson's own reset, newest first, run in the VMs directly (no app progress). */
  const resetInVms = () => resetLessonsInVms(api, [...RUN].reverse());

  test.beforeAll(async () => {
    test.setTimeout(300_000);
    ({ served, api, artifactsDir } = await startLabCourse(login === 'root' ? undefined : labSudoUsers().nopasswd));
    // Whatever an earlier (possibly interrupted) run left in the VMs goes first.
    const t = Date.now();
    await resetInVms();
    timings.push(`clean VMs with the lessons' resets: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  });
  test.afterAll(async () => {
    // Also after a failure half-way: leave the VMs clean for the other specs. With
    // E2E_KEEP_LESSONS=1 the lessons' work stays, as a learner's would: the other tests must
    // pass on such a lab too (each cleans what it depends on).
    if (api && !process.env.E2E_KEEP_LESSONS) await resetInVms().catch((e: unknown) => console.log(`cleanup: ${String(e)}`));
    api?.close();
    await served?.stop();
    if (artifactsDir) rmSync(artifactsDir, { recursive: true, force: true });
    console.log(`course-lab timings (${login}):\n  ${timings.join('\n  ')}`);
  });
  test.beforeEach(async ({ page }) => {
    // Each test is a new page, as if the learner reopened the window; the terminals the last
    // page opened live on in the host. Close them: a learner has one per VM, and OpenSSH
    // allows 10 sessions per connection (the app keeps 4 of them free for terminals).
    const left = await api.listTerminals();
    for (const t of left) await api.closeTerminal(t.terminalId);
    if (left.length) console.log(`closed ${left.length} terminal(s) left by the previous page: ${left.map((t) => t.target).join(', ')}`);
    await page.addInitScript(() => {
      (window as unknown as { __tutorTerminalRenderer?: string }).__tutorTerminalRenderer = 'dom';
    });
  });

  async function checkIds(lessonId: string): Promise<string[]> {
    const { course } = await api.getCourse();
    const lesson = course.lessons.find((l) => l.id === lessonId);
    if (!lesson) throw new Error(`no lesson ${lessonId}`);
    return lesson.checks.map((c) => c.id);
  }

  /** Waits until every check of the lesson has an outcome; returns the ones that did not pass. */
  async function settledChecks(page: Page, ids: string[]): Promise<string[]> {
    const items = page.getByTestId('check-item');
    await expect(items).toHaveCount(ids.length, { timeout: 60_000 });
    await expect
      .poll(async () => {
        const outcomes = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-outcome')));
        return outcomes.every((o) => o === 'pass' || o === 'fail' || o === 'timeout' || o === 'error' || o === 'unreachable');
      }, { timeout: 180_000 })
      .toBe(true);
    const bad: string[] = [];
    for (const id of ids) {
      const item = page.locator(`[data-testid="check-item"][data-check-id="${id}"]`);
      const outcome = await item.getAttribute('data-outcome');
      if (outcome !== 'pass') bad.push(`${id}: ${outcome}: ${(await item.innerText()).replace(/\s+/g, ' ')}`);
    }
    return bad;
  }

  for (const id of RUN) {
    test(`"${id}" runs with one click and every check passes (${login})`, async ({ page }, testInfo) => {
      test.setTimeout((RUN_TIMEOUT[id] ?? 120_000) + 240_000);
      for (const done of NO_CHECKS_BEFORE[id] ?? []) await api.completeLesson(done);
      if (id === 'download-binaries') {
        // The offline path: archives from the lab's folder, uploaded to the VMs that need them.
        // Through the lesson's own panel, as a learner would.
        const t = Date.now();
        await openApp(page, served);
        await page.getByTestId(`lesson-item-${id}`).click();
        await importAndUploadArchives(page, artifactsDir);
        await page.screenshot({ path: testInfo.outputPath('artifacts-uploaded.png') });
        const status = await api.listArtifacts();
        expect(status.filter((s) => !s.cached).map((s) => `${s.id}: ${s.problem ?? 'not cached'}`)).toEqual([]);
        timings.push(`import + upload of the archives through the panel: ${((Date.now() - t) / 1000).toFixed(1)} s`);
      }
      const ids = await checkIds(id);
      expect(ids.length).toBeGreaterThan(0);

      await openApp(page, served);
      await page.getByTestId(`lesson-item-${id}`).click();
      await expect(page.getByTestId(`lesson-item-${id}`)).not.toHaveAttribute('data-state', 'locked');
      const started = Date.now();
      await page.getByTestId('lesson-run-all').click();
      const sequence = page.getByTestId('lesson-sequence');
      await expect(sequence).toHaveAttribute('data-state', /running|finished|failed/, { timeout: 30_000 });
      await expect(sequence).toHaveAttribute('data-state', /finished|failed/, { timeout: RUN_TIMEOUT[id] ?? 120_000 });
      const ran = ((Date.now() - started) / 1000).toFixed(1);
      if ((await sequence.getAttribute('data-state')) !== 'finished') {
        await page.screenshot({ path: testInfo.outputPath(`${id}-run-failed.png`) });
        const failed = page.locator('[data-testid="command-block"][data-run-state="failed"]');
        const why = (await failed.count()) ? await failed.first().innerText() : '';
        throw new Error(`"Run all commands" of ${id} did not finish (${await sequence.innerText()}): ${why}`);
      }
      expect(await sequence.getAttribute('data-done')).toBe(await sequence.getAttribute('data-total'));

      const checked = Date.now();
      await page.getByTestId('lesson-check').click();
      const bad = await settledChecks(page, ids);
      if (bad.length) console.log(`checks of ${id} that did not pass:\n  ${bad.join('\n  ')}`);
      expect(bad).toEqual([]);
      await expect(page.getByTestId(`lesson-item-${id}`)).toHaveAttribute('data-state', 'passed', { timeout: 30_000 });
      timings.push(`${id}: run all ${ran} s, checks ${((Date.now() - checked) / 1000).toFixed(1)} s`);
      await page.screenshot({ path: testInfo.outputPath(`${id}-passed.png`), fullPage: true });
    });
  }

  test(`reset "Configure etcd" back to "Set up the nodes": the VMs are clean for other specs (${login})`, async () => {
    test.skip(!!process.env.E2E_KEEP_LESSONS, "E2E_KEEP_LESSONS=1: the lessons' work stays in the VMs");
    test.setTimeout(300_000);
    // The lessons' own reset commands, run in the VMs directly. Through the app
    // (api.resetLesson) the etcd reset is reported failed: its `systemctl reset-failed etcd`
    // exits 1 once the unit is gone, and a reset step fails on its first failing command
    // (see the report on lessons/08-etcd.md's reset).
    const t = Date.now();
    await resetInVms();
    timings.push(`reset 08..03 with the lessons' reset commands: ${((Date.now() - t) / 1000).toFixed(1)} s`);
    expect(labExec('master', 'ls -d /root/binaries /usr/local/bin/etcd /root/certificates 2>&1 || true')).not.toMatch(/^\//m);
    expect(labExec('worker', 'ls -d /root/binaries /usr/local/bin/crictl /etc/containerd 2>&1 || true')).not.toMatch(/^\//m);
    expect(labExec('worker', 'command -v containerd || echo gone')).toMatch(/gone/);
  });
});
