// BlockRunner's detached runs through a dropped link, with a stand-in terminal service:
// the test plays the terminal's output (prompt marks, the follower's marks) and its state
// changes, as an SSH terminal produces them; the real shell and VM side are covered by
// vm-jobs.test.ts and vm-jobs.lab.test.ts.
import { describe, expect, it } from 'vitest';
import type { TerminalInfo } from '../../../common/api';
import type { OutputListener, TerminalService } from '../terminals/terminal-service';
import { BlockRunner, type VmJobs, lastIndexIn } from './block-runner';
import { attachCommand } from './vm-jobs';

const prompt = (history: number, status = 0) => `\x1b]6973;D;${status};${status};${Buffer.from(` ${history}  cmd`).toString('base64')}\x07\x1b[?2004h# `;
const startMark = (id: string) => `\x1b]6974;A;${id}\x07`;
const statusMark = (id: string, status: number | 'lost') => `\x1b]6974;S;${id};${status}\x07`;

function setup() {
  const outputs = new Set<OutputListener>();
  const states = new Map<string, Set<(info: TerminalInfo) => void>>();
  const written: string[] = [];
  const terminals = {
    onOutput(listener: OutputListener) {
      outputs.add(listener);
      return () => outputs.delete(listener);
    },
    async terminalFor() {
      return 't1';
    },
    async whenConnected() {},
    async writeTerminal(_id: string, data: string) {
      written.push(data);
    },
    onState(id: string, listener: (info: TerminalInfo) => void) {
      if (!states.has(id)) states.set(id, new Set());
      states.get(id)!.add(listener);
      return () => states.get(id)!.delete(listener);
    },
  } as unknown as TerminalService;
  const started: string[] = [];
  let systemd = true;
  const cleaned: string[] = [];
  const jobs: VmJobs = {
    async start(_target, id) {
      started.push(id);
      return systemd;
    },
    async cleanup(_target, id) {
      cleaned.push(id);
    },
  };
  const runner = new BlockRunner(terminals, jobs);
  const out = (data: string) => {
    for (const l of outputs) l('t1', 'master', [Buffer.from(data)]);
  };
  const state = (s: TerminalInfo['state']) => {
    for (const l of states.get('t1') ?? []) l({ terminalId: 't1', target: 'master', state: s });
  };
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return { runner, out, state, written, started, cleaned, tick, withoutSystemd: () => (systemd = false) };
}

describe('a detached run', () => {
  it('starts the job, pastes its follower, and ends with the job\'s status (not the follower\'s prompt status)', async () => {
    const t = setup();
    t.out(prompt(4));
    const run = await t.runner.start('master', 'echo hi', { detached: true });
    const id = t.started[0]!;
    expect(t.written).toEqual([`\x1b[200~${attachCommand(id, 1)}\x1b[201~\r`]);
    expect(t.runner.jobIds('master')).toEqual([id]);
    t.out(`${startMark(id)}hi\r\n${statusMark(id, 0)}`);
    t.out(prompt(5, 0));
    const result = await run.done;
    expect(result.exitCode).toBe(0);
    expect(t.cleaned).toEqual([id]);
    expect(t.runner.isTargetBusy('master')).toBe(false);
  });

  it('through a dropped link: stays busy, follows again from the first line not shown in full, ends with the job\'s status', async () => {
    const t = setup();
    const follows: boolean[] = [];
    t.runner.onFollow((_runId, following) => follows.push(following));
    t.out(prompt(4));
    const run = await t.runner.start('master', 'long', { detached: true });
    const id = t.started[0]!;
    let ended = false;
    void run.done.then(() => (ended = true));
    t.out(`${startMark(id)}line 1\r\nline 2\r\nli`);
    t.state('disconnected');
    t.state('reconnecting');
    expect(follows).toEqual([false]);
    // The old shell's output is gone; the new shell connects and shows its first prompt.
    t.state('connected');
    t.out('\r\n— reconnected —\r\n');
    t.out(prompt(9));
    await t.tick();
    await t.tick();
    expect(t.written.at(-1)).toBe(`\x1b[200~${attachCommand(id, 3)}\x1b[201~\r`);
    expect(follows).toEqual([false, true]);
    expect(ended).toBe(false);
    expect(t.runner.isTargetBusy('master')).toBe(true);
    t.out(`${startMark(id)}line 3\r\n${statusMark(id, 3)}`);
    t.out(prompt(10, 3));
    const result = await run.done;
    expect(result.exitCode).toBe(3);
    expect(t.cleaned).toEqual([id]);
  });

  it('a second drop before the link is back counts the lines shown by every follower', async () => {
    const t = setup();
    t.out(prompt(1));
    const run = await t.runner.start('master', 'long', { detached: true });
    const id = t.started[0]!;
    t.out(`${startMark(id)}1\r\n2\r\n`);
    t.state('disconnected');
    t.state('connected');
    t.out(prompt(2));
    await t.tick();
    await t.tick();
    t.out(`${startMark(id)}3\r\n4\r\n5\r\n`);
    t.state('disconnected');
    t.state('connected');
    t.out(prompt(3));
    await t.tick();
    await t.tick();
    expect(t.written.at(-1)).toBe(`\x1b[200~${attachCommand(id, 6)}\x1b[201~\r`);
    t.out(`${startMark(id)}${statusMark(id, 0)}`);
    t.out(prompt(4));
    expect((await run.done).exitCode).toBe(0);
  });

  it('a job whose status is lost, or whose files are gone, ends without a status and says why', async () => {
    const t = setup();
    t.out(prompt(1));
    const lost = await t.runner.start('master', 'x', { detached: true });
    t.out(`${startMark(t.started[0]!)}${statusMark(t.started[0]!, 'lost')}`);
    t.out(prompt(2, 255));
    expect(await lost.done).toMatchObject({ exitCode: null, reason: expect.stringContaining('stopped before it could report') });
    expect(t.cleaned).toEqual([t.started[0]]);
    const gone = await t.runner.start('master', 'x', { detached: true });
    t.out('bash: /run/k8s-tutor/blocks/x.attach: No such file or directory\r\n');
    t.out(prompt(3, 127));
    expect(await gone.done).toMatchObject({ exitCode: null, reason: expect.stringContaining('gone from master') });
  });

  it('a closed terminal ends the run without a status; the job is left to the sweep', async () => {
    const t = setup();
    t.out(prompt(1));
    const run = await t.runner.start('master', 'x', { detached: true });
    t.state('closed');
    expect(await run.done).toMatchObject({ exitCode: null, reason: expect.stringContaining(`k8s-tutor-block-${t.started[0]}`) });
    expect(t.cleaned).toEqual([]);
  });
});

describe('a VM without systemd', () => {
  it('gets the block pasted into its terminal, as before, and its prompt says the status', async () => {
    const t = setup();
    t.withoutSystemd();
    t.out(prompt(1));
    const run = await t.runner.start('master', 'echo hi\nfalse', { detached: true });
    expect(t.started).toHaveLength(1);
    expect(t.written).toEqual(['\x1b[200~echo hi\nfalse\x1b[201~\r']);
    expect(t.runner.jobIds('master')).toEqual([]);
    t.out(`hi\r\n${prompt(2, 1)}`);
    expect((await run.done).exitCode).toBe(1);
    expect(t.cleaned).toEqual([]);
  });
});

describe('a typed command when the link drops', () => {
  it('is reported cut when it had started and its prompt had not come back', () => {
    const t = setup();
    const cut: string[] = [];
    t.runner.onCut((_id, target) => cut.push(target));
    t.out(prompt(1));
    t.out('sleep 100\r\n\x1b]6974;C\x07');
    t.state('disconnected');
    expect(cut).toEqual(['master']);
  });

  it('is not, once its prompt came back (in the same chunk or later)', () => {
    const t = setup();
    const cut: string[] = [];
    t.runner.onCut((_id, target) => cut.push(target));
    t.out(prompt(1));
    t.out(`ls\r\n\x1b]6974;C\x07a b\r\n${prompt(2)}`);
    t.state('disconnected');
    t.state('connected');
    t.out(prompt(3));
    t.out('\x1b]6974;C\x07');
    t.out(prompt(4));
    t.state('disconnected');
    expect(cut).toEqual([]);
  });
});

describe('lastIndexIn', () => {
  const parts = (...texts: string[]) => texts.map((t) => Buffer.from(t));
  it('finds the last occurrence across parts, also one that straddles two, as an offset into all of them', () => {
    expect(lastIndexIn(parts('ab\x1b[?2004h', 'cd'), '\x1b[?2004h')).toBe(2);
    expect(lastIndexIn(parts('x\x1b[?20', '04hy'), '\x1b[?2004h')).toBe(1);
    expect(lastIndexIn(parts('\x1b[?2004h', 'zz', 'q\x1b', '[?2004h'), '\x1b[?2004h')).toBe(11);
    expect(lastIndexIn(parts('\x1b[?2004h', 'no'), '\x1b[?2004l')).toBe(-1);
    expect(lastIndexIn([], 'x')).toBe(-1);
  });
});

