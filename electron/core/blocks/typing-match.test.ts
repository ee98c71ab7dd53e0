// Typing mode's matching: commands ticked off per block and host, a block recorded as typed
// when all its commands were, and a miss compared with the closest command still expected.
import { describe, expect, it } from 'vitest';
import type { TypingEvent } from '../../../common/api';
import type { Course, Lesson } from '../../../common/course';
import { emptyProgress } from '../../../common/progress';
import { createCourseModel } from '../course/course-model';
import { TypingMatcher } from './typing-match';

const lesson: Lesson = {
  id: 'pki', title: 'PKI', section: 'pki', file: 'pki.md', requires: [], checks: [], reset: [], segments: [],
  blocks: [
    { id: 'dirs', lessonId: 'pki', host: 'master', lang: 'bash', code: 'mkdir -p /etc/pki\ncd /etc/pki', line: 1, variables: [] },
    { id: 'key', lessonId: 'pki', host: 'any', lang: 'bash', code: 'openssl genrsa -out {{name}}.key 2048', line: 5, variables: ['name'] },
    { id: 'w', lessonId: 'pki', host: 'worker', lang: 'bash', code: 'mkdir -p /etc/pki', line: 9, variables: [] },
  ],
};
const course: Course = {
  id: 'c', title: 'C', versions: {}, variables: { name: 'ca' }, artifacts: [], lessons: [lesson],
  hosts: [
    { role: 'master', hostname: 'kube-master', minimum: { memoryMiB: 1, cpus: 1 } },
    { role: 'worker', hostname: 'kube-worker', minimum: { memoryMiB: 1, cpus: 1 } },
  ],
};

function harness() {
  const progress = emptyProgress();
  const events: TypingEvent[] = [];
  const recorded: string[] = [];
  const model = createCourseModel({ course, listHosts: async () => [], progress: () => progress, updateProgress: async (c) => c(progress) });
  const matcher = new TypingMatcher({
    model,
    emit: (e) => events.push(e),
    record: async (lessonId, blockId, entry) => {
      recorded.push(`${blockId}:${entry.exitCode}:${entry.corrected}`);
      await model.updateLesson(lessonId, (l) => {
        l.blocks[blockId] = { ...entry, at: 'now' };
      });
    },
  });
  const type = (command: string, host = 'master', status = 0) => matcher.match(lesson, 't1', host, command, status);
  return { events, recorded, type };
}

describe('typing matcher', () => {
  it('records a block once each of its commands was typed on its host', async () => {
    const h = harness();
    await h.type('mkdir  -p /etc/pki');
    expect(h.recorded).toEqual([]);
    await h.type('cd /etc/pki', 'master', 0);
    expect(h.recorded).toEqual(['dirs:0:false']);
    expect(h.events.map((e) => [e.blockId, e.matched, e.expected])).toEqual([['dirs', true, 'mkdir -p /etc/pki'], ['dirs', true, 'cd /etc/pki']]);
  });

  it('resolves variables and runs `any` blocks on the first host', async () => {
    const h = harness();
    await h.type('openssl genrsa -out ca.key 2048');
    expect(h.recorded).toEqual(['key:0:false']);
    await h.type('openssl genrsa -out ca.key 2048', 'worker');
    expect(h.events.at(-1)).toMatchObject({ host: 'worker', matched: false, blockId: 'w' });
  });

  it('shows a miss against the closest expected command, and marks the block corrected', async () => {
    const h = harness();
    await h.type('openssl genrsa -out ca.key 4096');
    const miss = h.events.at(-1);
    expect(miss).toMatchObject({ matched: false, blockId: 'key', expected: 'openssl genrsa -out ca.key 2048' });
    expect(miss?.diff?.filter((d) => d.kind !== 'same').map((d) => d.text.trim())).toEqual(expect.arrayContaining(['2048', '4096']));
    await h.type('openssl genrsa -out ca.key 2048', 'master', 0);
    expect(h.recorded).toEqual(['key:0:true']);
  });

  it('ignores empty commands and blocks already typed', async () => {
    const h = harness();
    await h.type('   ');
    expect(h.events).toEqual([]);
    await h.type('openssl genrsa -out ca.key 2048');
    await h.type('openssl genrsa -out ca.key 2048');
    expect(h.recorded).toEqual(['key:0:false']);
    expect(h.events.at(-1)).toMatchObject({ matched: false, blockId: 'dirs' });
  });
});
