// What the specs that run the course's lessons in the lab share: the app served with the lab's
// offline archives built, both VMs configured and their versions overridden, the lessons' own
// resets run in the VMs, and the archives panel's import and upload.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Page, expect } from '@playwright/test';
import type { ApiClient, SequenceEvent } from '../../common/api';
import { connectApi } from './api-client';
import { labExec, labVariableOverrides } from './lab';
import { type Served, serve } from './serve';
import { configureLabHosts } from './setup-hosts';

const LAB = join(import.meta.dirname, '..', 'lab', 'lab.sh');

export interface LabCourse {
  served: Served;
  api: ApiClient & { close(): void };
  /** The lab's release archives (Debian's etcd, stand-in Kubernetes binaries). */
  artifactsDir: string;
}

/** Builds the archives, serves the app, signs in, and configures both VMs (as root, or `user`). */
export async function startLabCourse(user?: string): Promise<LabCourse> {
  const artifactsDir = mkdtempSync(join(tmpdir(), 'e2e-artifacts-'));
  execFileSync('bash', [LAB, 'artifacts', '--with-standins', artifactsDir], { stdio: ['ignore', 'ignore', 'inherit'] });
  const served = await serve();
  const api = await connectApi(served.session);
  await configureLabHosts(api, 'key', user);
  // The lab's etcd 3.4.23 and its stand-in Kubernetes version (not the pinned release).
  await api.updateSettings({ variableOverrides: labVariableOverrides() });
  return { served, api, artifactsDir };
}

/** Each lesson's own reset, in the order given, run in the VMs directly (no app progress). */
export async function resetLessonsInVms(api: ApiClient, lessonIds: readonly string[]): Promise<void> {
  for (const id of lessonIds) {
    const plan = await api.planReset(id);
    if (plan.blocked) throw new Error(`cannot plan the reset of ${id}: ${plan.blocked}`);
    for (const step of plan.steps) labExec(step.host as 'master' | 'worker', `${step.run}\ntrue`);
  }
}

/** Through the open lesson's archives panel: import `folder`, then upload to both VMs. */
export async function importAndUploadArchives(page: Page, folder: string): Promise<void> {
  const panel = page.getByTestId('artifacts-panel');
  await panel.getByTestId('artifacts-folder-input').fill(folder);
  await panel.getByTestId('artifacts-import').click();
  const rows = panel.getByTestId('artifact-row');
  await expect(rows.first()).toBeVisible();
  await expect(panel.locator('[data-testid="artifact-row"][data-cached="true"]')).toHaveCount(await rows.count(), { timeout: 60_000 });
  for (const role of ['master', 'worker']) {
    const upload = panel.getByTestId(`artifact-upload-${role}`);
    await upload.click();
    await expect(upload).toHaveText(/^Upload to/, { timeout: 120_000 });
    await expect(upload).toBeEnabled();
  }
  await expect(panel.getByTestId('artifacts-error')).toHaveCount(0);
}

/** Runs a whole lesson through the app; resolves with its last sequence event. */
export function runLessonThroughApp(api: ApiClient, lessonId: string, timeoutMs: number): Promise<SequenceEvent> {
  return new Promise((resolve, reject) => {
    const off = api.on('sequence:state', (e) => {
      if (e.lessonId !== lessonId || e.state === 'running') return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
    const timer = setTimeout(() => {
      off();
      reject(new Error(`"${lessonId}" did not end within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    api.runLesson(lessonId).catch((err: unknown) => {
      clearTimeout(timer);
      off();
      reject(err as Error);
    });
  });
}
