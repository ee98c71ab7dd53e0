// For course authors, in Chromium against `npm run serve -- --course DIR` (no lab needed):
// a temporary course folder, a lesson broken and fixed while the app stays open, and two
// courses sharing one data dir without mixing their progress.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { type Served, openApp, serve } from './helpers/serve';

const LESSON_2 = [
  '---', 'id: second', 'title: Second steps', 'section: Second steps', '---', '# Second steps', '',
  'Read this, then mark it as done.', '',
].join('\n');

/** A course folder of its own: course.yaml, two reading lessons, assets/. */
function courseFolder(id: string, title: string): string {
  const dir = mkdtempSync(join(tmpdir(), `e2e-course-${id}-`));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'course.yaml'), [
    `id: ${id}`, `title: ${title}`, 'versions: { kubernetes: "1.24.10" }',
    'hosts:', '  - role: master', '    hostname: kube-master', '    minimum: { memoryMiB: 1024, cpus: 1 }',
    'lessons:', '  - 01-first.md', '  - 02-second.md', '',
  ].join('\n'));
  writeFileSync(join(dir, '01-first.md'), ['---', 'id: first', 'title: First steps', 'section: First steps', '---', '# First steps', '', 'Welcome.', ''].join('\n'));
  writeFileSync(join(dir, '02-second.md'), LESSON_2);
  return dir;
}

let served: Served | undefined;
const folders: string[] = [];
test.afterEach(async () => {
  await served?.stop();
  served = undefined;
});
test.afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

test('a broken lesson shows its problem on the first screen, and comes back when fixed, without a restart', async ({ page }, testInfo) => {
  const dir = courseFolder('author-course', 'An author’s course');
  folders.push(dir);
  served = await serve(['--course', dir]);
  await openApp(page, served);
  // No VMs saved: the first screen is the first-run guide.
  await expect(page.getByTestId('first-run')).toBeVisible();
  await expect(page.locator('.sidebar__course')).toHaveText('An author’s course');
  await expect(page.getByTestId('lesson-item-second')).toBeVisible();
  await expect(page.getByTestId('lesson-problems')).toHaveCount(0);

  // The author breaks lesson 2's front matter (an unknown field) and saves.
  writeFileSync(join(dir, '02-second.md'), LESSON_2.replace('section: Second steps', 'sektion: Second steps'));
  const problems = page.getByTestId('lesson-problems');
  await expect(problems).toBeVisible();
  await expect(problems).toContainText(/02-second\.md:4:1 .*sektion/);
  await expect(page.getByTestId('first-run')).toBeVisible();
  await expect(page.getByTestId('lesson-item-second')).toHaveCount(0);
  const marked = page.getByTestId('lesson-left-out-02-second.md');
  await expect(marked).toContainText('Second steps');
  await expect(marked).toContainText('Left out');
  await expect(page.getByTestId('notice').filter({ hasText: 'Reloaded the course (02-second.md changed)' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('author-problem-first-screen.png') });

  // Fixed and saved: the lesson is back in its place, the problem gone.
  writeFileSync(join(dir, '02-second.md'), LESSON_2.replace('Read this', 'Now read this'));
  await expect(page.getByTestId('lesson-item-second')).toBeVisible();
  await expect(page.getByTestId('lesson-problems')).toHaveCount(0);
  await expect(marked).toHaveCount(0);
  await page.getByTestId('lesson-item-second').click();
  await expect(page.getByTestId('lesson-view')).toContainText('Now read this, then mark it as done.');
});

test('two courses keep their own progress in one data dir', async ({ page }) => {
  const a = courseFolder('course-a', 'Course A');
  const b = courseFolder('course-b', 'Course B');
  folders.push(a, b);
  const dataDir = mkdtempSync(join(tmpdir(), 'e2e-data-'));
  folders.push(dataDir);

  served = await serve(['--course', a], dataDir);
  await openApp(page, served);
  await page.getByTestId('lesson-item-first').click();
  await page.getByRole('button', { name: /mark as done/i }).click();
  await expect(page.getByTestId('lesson-item-first')).toHaveAttribute('data-state', 'passed');
  await served.stop();

  // Course B has lessons with the same ids: none of A's progress shows.
  served = await serve(['--course', b], dataDir);
  await openApp(page, served);
  await expect(page.locator('.sidebar__course')).toHaveText('Course B');
  await expect(page.getByTestId('lesson-item-first')).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('lesson-item-second')).toHaveAttribute('data-state', 'locked');
  await served.stop();

  served = await serve(['--course', a], dataDir);
  await openApp(page, served);
  await expect(page.getByTestId('lesson-item-first')).toHaveAttribute('data-state', 'passed');
  const stored = JSON.parse(readFileSync(join(dataDir, 'progress-course-a.json'), 'utf8')) as { lessons: Record<string, { completedAt?: string }> };
  expect(stored.lessons.first?.completedAt).toBeTruthy();
});
