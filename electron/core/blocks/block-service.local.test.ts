// Block runs and typing mode against a real bash (the local shell tab, node-pty), with the
// app's shell integration: the same code path as an SSH terminal, minus the network. The
// lab specs (e2e/command-blocks.spec.ts) cover the VMs.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvents, BlockRunEvent, EventName } from '../../../common/api';
import type { Course, Lesson } from '../../../common/course';
import { type ProgressFile, emptyProgress } from '../../../common/progress';
import { createCourseModel } from '../course/course-model';
import { EventBus } from '../events';
import { createTerminalService } from '../terminals/terminal-service';
import { type BlockService, createBlockService } from './block-service';
import { useTestHome } from '../terminals/test-support';

useTestHome();
// The local shell is $SHELL; a user whose login shell is sh (useradd's default) would get
// dash, which has no shell integration. These tests are about bash.
process.env.SHELL = '/bin/bash';

const dir = mkdtempSync(join(tmpdir(), 'blocks-'));
const HEREDOC = `cd ${dir}\ncat > etcd.cnf <<EOF\n[req]\nreq_extensions = v3_req\n[alt_names]\nIP.1 = {{master.ip}}\nIP.2 = 127.0.0.1\nEOF\necho written`;

function lesson(id: string, blocks: [string, string][]): Lesson {
  return {
    id, title: id, section: id, file: `${id}.md`, requires: [], checks: [], reset: [], segments: [],
    blocks: blocks.map(([bid, code], i) => ({ id: bid, lessonId: id, host: 'local', lang: 'bash', code, line: i + 1, variables: [] })),
  };
}

const course: Course = {
  id: 'c', title: 'c', versions: { kubernetes: '1.24.10' }, variables: { bad: 'a;b' }, artifacts: [],
  hosts: [{ role: 'master', hostname: 'kube-master', minimum: { memoryMiB: 1, cpus: 1 } }],
  lessons: [
    lesson('files', [['heredoc', HEREDOC], ['fails-midway', 'false\necho still-here'], ['sleepy', 'sleep 30'], ['bad-var', 'echo {{bad}}']]),
    lesson('typing', [['t1', `mkdir -p ${dir}/typed\ntouch ${dir}/typed/a`]]),
    lesson('seq', [['s1', 'echo one'], ['s2', 'exit_code_is() { return 3; }; exit_code_is'], ['s3', 'echo never']]),
    lesson('whole', [['w1', 'echo one'], ['w2', 'echo two']]),
    {
      ...lesson('expect', [['healthy', 'echo "https://127.0.0.1:2379 is healthy: committed"'], ['unhealthy', 'echo "https://127.0.0.1:2379 is unhealthy"']]),
    },
  ],
};

const progress: ProgressFile = emptyProgress();
const events = new EventBus();
const seen: { name: EventName; payload: unknown }[] = [];
events.subscribe((name, payload) => seen.push({ name, payload }));
const terminals = createTerminalService({ events, shells: { openShell: () => Promise.reject(new Error('no SSH in this test')) } });
let blocks: BlockService;
const lessonsDone: string[] = [];
const sequencesDone: string[][] = [];
const commandsEnded: string[] = [];
// Both blocks of 'expect' expect "is healthy" and a took-time pattern is not required.
for (const b of course.lessons.find((l) => l.id === 'expect')?.blocks ?? []) b.expect = ['is healthy'];

beforeAll(() => {
  const model = createCourseModel({
    course,
    // The lab's master address: {{master.ip}} resolves from the host profile.
    listHosts: async () => [{ role: 'master', address: '10.77.0.10', port: 22, user: 'root', auth: 'password', hasSecret: true }],
    progress: () => structuredClone(progress),
    updateProgress: async (change) => change(progress),
  });
  blocks = createBlockService({
    model, events, terminals,
    onLessonBlocksDone: (id) => lessonsDone.push(id),
    onSequenceLessonsDone: (ids) => sequencesDone.push(ids),
    onCommandEnded: (role) => commandsEnded.push(role),
  });
  // Acknowledge everything, as a renderer would.
  events.subscribe((name, payload) => {
    if (name === 'terminal:data') {
      const p = payload as ApiEvents['terminal:data'];
      void terminals.ackTerminal(p.terminalId, p.data.length);
    }
  });
});
afterAll(async () => {
  blocks.dispose();
  await terminals.dispose();
});

const states = (blockId: string) => seen.filter((e) => e.name === 'block:state' && (e.payload as BlockRunEvent).blockId === blockId).map((e) => e.payload as BlockRunEvent);
const until = async <T>(fn: () => T | undefined, ms = 15_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};
const finalState = (blockId: string) => until(() => states(blockId).find((s) => s.state !== 'running'));

describe('running blocks in a real bash', () => {
  it('pastes a heredoc block intact and reports success with its duration', async () => {
    await blocks.runBlock('files', 'heredoc');
    const end = await finalState('heredoc');
    expect(end).toMatchObject({ state: 'succeeded', exitCode: 0 });
    expect(end.durationMs).toBeGreaterThanOrEqual(0);
    expect(readFileSync(join(dir, 'etcd.cnf'), 'utf8')).toBe('[req]\nreq_extensions = v3_req\n[alt_names]\nIP.1 = 10.77.0.10\nIP.2 = 127.0.0.1\n');
    expect(progress.lessons.files?.blocks.heredoc?.exitCode).toBe(0);
  });

  it('fails a block when any command in it fails, with the last lines of output', async () => {
    await blocks.runBlock('files', 'fails-midway');
    const end = await finalState('fails-midway');
    expect(end).toMatchObject({ state: 'failed', exitCode: 1 });
    expect(end.tail).toContain('still-here');
  });

  it('interrupts a hung block with Ctrl-C', async () => {
    const { terminalId } = await blocks.runBlock('files', 'sleepy');
    await new Promise((r) => setTimeout(r, 300));
    await blocks.interrupt(terminalId);
    expect(await finalState('sleepy')).toMatchObject({ state: 'interrupted', exitCode: 130 });
  });

  it('refuses a value with shell characters before anything runs', async () => {
    await expect(blocks.runBlock('files', 'bad-var')).rejects.toThrow(/\{\{bad\}\} "a;b" is not plain text/);
    expect(states('bad-var')).toEqual([expect.objectContaining({ state: 'blocked' })]);
  });

  it('runs a lesson in order and stops at the first failure', async () => {
    await blocks.runLesson('seq');
    const end = await until(() => seen.map((e) => e.payload as ApiEvents['sequence:state']).find((p) => e2(p) && p.state !== 'running'));
    expect(end, JSON.stringify(states('s1'))).toMatchObject({ kind: 'lesson', state: 'failed', done: 1, total: 3, failedBlockId: 's2' });
    expect(states('s3')).toEqual([]);
    expect(lessonsDone).not.toContain('seq');
    expect(sequencesDone.flat()).not.toContain('seq');
  });

  it('hands a lesson whose blocks all ran in a run to its checkpoint', async () => {
    await blocks.runLesson('whole');
    await until(() => sequencesDone.find((ids) => ids.includes('whole')));
    expect(sequencesDone.at(-1)).toEqual(['whole']);
  });

  it('passes a block whose output has what it expects, and says what the output lacks otherwise', async () => {
    await blocks.runBlock('expect', 'healthy');
    expect(await finalState('healthy')).toMatchObject({ state: 'succeeded', exitCode: 0 });
    await blocks.runBlock('expect', 'unhealthy');
    const end = await finalState('unhealthy');
    expect(end).toMatchObject({ state: 'failed', exitCode: 0, outputMismatch: 'the output lacks `is healthy`' });
    expect(progress.lessons.expect?.blocks.unhealthy).toMatchObject({ exitCode: 0, outputMismatch: 'the output lacks `is healthy`' });
    // A block that ended (and was not the lesson's last) tells live checks its host.
    expect(commandsEnded).toContain('local');
  });
});

function e2(p: unknown): p is ApiEvents['sequence:state'] {
  return typeof p === 'object' && p !== null && 'kind' in p && (p as { lessonId?: string }).lessonId === 'seq';
}

describe('typing mode in a real bash', () => {
  it('marks a block done when the learner types its commands, and shows a diff for a typo', async () => {
    progress.settings.typingMode = true;
    progress.settings.lastLessonId = 'typing';
    const terminalId = await terminals.terminalFor('local');
    const typing = () => seen.filter((e) => e.name === 'typing:result').map((e) => e.payload as ApiEvents['typing:result']);
    await terminals.writeTerminal(terminalId, `mkdir -p ${dir}/typo\r`);
    const miss = await until(() => typing().find((t) => !t.matched));
    expect(miss).toMatchObject({ blockId: 't1', expected: `mkdir -p ${dir}/typed` });
    expect(miss.diff).toEqual([{ kind: 'same', text: 'mkdir -p ' }, { kind: 'missing', text: `${dir}/typed` }, { kind: 'extra', text: `${dir}/typo` }]);
    await terminals.writeTerminal(terminalId, `mkdir  -p ${dir}/typed\r`);
    await until(() => typing().find((t) => t.matched));
    await terminals.writeTerminal(terminalId, `touch ${dir}/typed/a\r`);
    await until(() => progress.lessons.typing?.blocks.t1);
    expect(progress.lessons.typing?.blocks.t1).toMatchObject({ exitCode: 0, typed: true, corrected: true });
  });
});

describe('plainTail', () => {
  it('draws what the terminal shows: colours, bracketed-paste redraws and CRLF removed', async () => {
    const { plainTail } = await import('./block-runner');
    const raw = '\x1b[?2004hroot@vm:~# \x1b[7mls /x\x1b[27m\b\b\b\b\bls /x\r\r\n\x1b[?2004l\rls: cannot access \'/x\': No such file or directory\r\n\x1b]6973;D;2;2;AA==\x07';
    expect(plainTail(raw)).toBe("root@vm:~# ls /x\nls: cannot access '/x': No such file or directory");
  });
});
