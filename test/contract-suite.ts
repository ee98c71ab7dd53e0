// One suite for the contract, run against each transport (Electron IPC router and the
// browser host's WebSocket server) with a real core behind it.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, ApiEvents } from '../common/api';
import { ApiError } from '../common/errors';
import { type Core, EventBus, createCore } from '../electron/core';
import { rejectionOf } from './rejection';

export const FIXTURE_LESSONS = join(import.meta.dirname, 'fixtures', 'course');

export async function makeCore(): Promise<Core> {
  return createCore({ dataDir: await mkdtemp(join(tmpdir(), 'contract-')), lessonsDir: FIXTURE_LESSONS, events: new EventBus() });
}

export interface Harness {
  client: ApiClient;
  core: Core;
  close(): Promise<void>;
}

const rejection = rejectionOf<ApiError>;

export function contractSuite(name: string, connect: () => Promise<Harness>): void {
  describe(`contract over ${name}`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await connect();
    });
    afterAll(() => h.close());

    it('returns the course and lesson states', async () => {
      const { course, problems } = await h.client.getCourse();
      expect(problems).toEqual([]);
      expect(course.lessons.map((l) => l.id)).toEqual(['intro', 'setup']);
      const progress = await h.client.getProgress();
      expect(progress.states).toEqual({ intro: 'open', setup: 'locked' });
    });

    it('completes a lesson, persists it, and pushes progress:changed', async () => {
      const seen: ApiEvents['progress:changed'][] = [];
      const off = h.client.on('progress:changed', (p) => seen.push(p));
      const view = await h.client.completeLesson('intro');
      expect(view.states).toEqual({ intro: 'passed', setup: 'open' });
      await expect.poll(() => seen.length).toBe(1);
      expect(seen[0]?.states.setup).toBe('open');
      off();
      expect((await h.core.getProgress()).lessons.intro?.completedAt).toMatch(/^\d{4}-/);
    });

    it('rejects invalid arguments at the boundary with INVALID_ARGUMENT', async () => {
      const bad = h.client as unknown as { updateSettings(x: unknown): Promise<unknown>; completeLesson(x: unknown): Promise<unknown> };
      const e1 = await rejection(bad.updateSettings({ theme: 'neon' }));
      expect(e1).toBeInstanceOf(ApiError);
      expect(e1.code).toBe('INVALID_ARGUMENT');
      expect(e1.message).toMatch(/updateSettings/);
      const e2 = await rejection(bad.completeLesson(42));
      expect(e2.code).toBe('INVALID_ARGUMENT');
      const e3 = await rejection(bad.updateSettings({ theme: 'dark', sneaky: true }));
      expect(e3.code).toBe('INVALID_ARGUMENT');
    });

    it('keeps error codes across the transport', async () => {
      expect((await rejection(h.client.completeLesson('nope'))).code).toBe('NOT_FOUND');
      expect((await rejection(h.client.completeLesson('setup'))).code).toBe('FAILED_PRECONDITION');
      expect((await rejection(h.client.runChecks('intro'))).code).toBe('FAILED_PRECONDITION');
    });

    it('lists variables with their sources and plans a reset', async () => {
      const vars = await h.client.getVariables();
      expect(vars.find((v) => v.name === 'master.ip')).toMatchObject({ problem: 'not set yet', fix: 'hosts' });
      expect(vars.find((v) => v.name === 'versions.kubernetes')).toMatchObject({ value: '1.24.10' });
      const plan = await h.client.planReset('setup');
      expect(plan).toEqual({ lessonId: 'setup', steps: [{ host: 'master', hostname: 'kube-master', run: 'rm -f /root/k8s.env' }], closes: [] });
    });

    it('says where secrets are kept', async () => {
      expect(await h.client.secretStorage()).toEqual({ level: 'memory', description: expect.stringMatching(/memory only/) });
    });

    it('applies settings and returns them', async () => {
      const view = await h.client.updateSettings({ theme: 'dark', typingMode: true });
      expect(view.settings).toMatchObject({ theme: 'dark', typingMode: true });
    });

    it('delivers events pushed by core to subscribers, and stops after unsubscribe', async () => {
      const got: string[] = [];
      const off = h.client.on('notice', (n) => got.push(n.message));
      h.core.events.emit('notice', { level: 'info', message: 'hello' });
      await expect.poll(() => got).toEqual(['hello']);
      off();
      h.core.events.emit('notice', { level: 'info', message: 'after' });
      await new Promise((r) => setTimeout(r, 50));
      expect(got).toEqual(['hello']);
    });
  });
}
