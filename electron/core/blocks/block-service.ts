// Lesson blocks: one-click runs in the right terminal with their status, whole-lesson runs
// and catch-up (block-sequence.ts), and typing mode (typing-match.ts). Variables and lesson
// lookup come from the course model. A `copy` block first copies its files between the
// VMs (copy-files.ts), then runs the check of what arrived in the destination's terminal.
// On a VM, a block runs as a systemd unit that outlives a dropped link (vm-jobs.ts); its
// terminal follows it, and follows it again after a reconnect.
import type { Client } from 'ssh2';
import type { Api, ApiEvents, BlockRunEvent, SequencePlanStep } from '../../../common/api';
import { parseCopyList } from '../../../common/copy-list';
import type { CommandBlock } from '../../../common/course';
import { ApiError } from '../../../common/errors';
import type { CourseModel } from '../course/course-model';
import type { EventBus } from '../events';
import type { TerminalService } from '../terminals/terminal-service';
import { BlockRunner, type RunResult, type VmJobs } from './block-runner';
import { BlockSequence } from './block-sequence';
import { copyFiles, verifyScript } from './copy-files';
import { outputMismatch } from './expected-output';
import { TypingMatcher } from './typing-match';
import { NO_SYSTEMD, cleanupCommand, startCommand, sweepCommand } from './vm-jobs';

export type BlockOps = Pick<Api, 'getVariables' | 'runBlock' | 'interrupt' | 'runLesson' | 'planCatchUp' | 'catchUp' | 'cancelSequence'>;

export interface BlockServiceDeps {
  model: CourseModel;
  events: EventBus;
  terminals: TerminalService;
  /**
   * A role's SSH connection (host-service's): copy blocks use its client, and blocks run on
   * the VM through its exec (as root). Without it, copy blocks cannot run and other blocks
   * are pasted into the terminal (and die with its link).
   */
  connection?(role: string): Promise<{ client: Client; exec(command: string, options?: { timeoutMs?: number }): Promise<{ code: number | null; stdout: string; stderr: string }> }>;
  /** Called when a lesson's last block succeeded (the checkpoint runs its checks). */
  onLessonBlocksDone?(lessonId: string): void;
  /** A lesson run or catch-up ended: these lessons' blocks all ran (course order). */
  onSequenceLessonsDone?(lessonIds: string[]): void;
  /** A command ended in a host's terminal outside a sequence: typed, or a block (live checks follow it). */
  onCommandEnded?(role: string): void;
}

export interface BlockService extends BlockOps {
  /** Runs text in a target's terminal and waits for it (resets use this). */
  runText(target: string, text: string): Promise<RunResult>;
  /** A block, reset step, lesson run or catch-up is running on this host: no check may run there. */
  busy(role: string): boolean;
  dispose(): void;
}

interface BlockRecord {
  exitCode: number;
  durationMs?: number;
  typed?: boolean;
  corrected?: boolean;
  outputMismatch?: string;
}

export function createBlockService(deps: BlockServiceDeps): BlockService {
  const { model, events } = deps;
  const exec = async (role: string, command: string) => {
    if (!deps.connection) throw new ApiError('FAILED_PRECONDITION', 'This app cannot reach the VMs here.');
    return (await deps.connection(role)).exec(command, { timeoutMs: 30_000 });
  };
  /** The sweeps under way per role: a job starts after them (and a sweep leaves a young job's files alone). */
  const sweeps = new Map<string, Promise<unknown>>();
  const jobs: VmJobs | undefined = deps.connection && {
    async start(role, id, text) {
      await sweeps.get(role);
      const r = await exec(role, startCommand(id, text));
      if (r.code === NO_SYSTEMD) return false;
      if (r.code !== 0) {
        const said = `${r.stderr}\n${r.stdout}`.trim().split('\n').slice(-3).join(' ');
        throw new ApiError('FAILED_PRECONDITION', `could not start the block on ${model.hostname(role)} as a systemd unit${said ? `: ${said}` : ''}`);
      }
      return true;
    },
    async cleanup(role, id) {
      await exec(role, cleanupCommand(id));
    },
  };
  const runner = new BlockRunner(deps.terminals, jobs);
  const emit = (e: BlockRunEvent) => events.emit('block:state', e);
  /** The block each run in flight belongs to, for the events of a run that follows its job again. */
  const runsInFlight = new Map<string, { lessonId: string; blockId: string; terminalId: string }>();
  const offFollow = runner.onFollow((runId, following, role) => {
    const run = runsInFlight.get(runId);
    if (!run) return;
    const reason = following
      ? undefined
      : `the connection to ${model.hostname(role)} dropped; the block keeps running there, and the app follows it again once it reconnects`;
    emit({ ...run, runId, state: 'running', ...(reason ? { reason } : {}) });
  });
  // A command the learner typed cannot survive its link: say so plainly.
  const offCut = runner.onCut((_terminalId, role) => {
    events.emit('notice', {
      level: 'warning',
      message: `The connection to ${model.hostname(role)} dropped while a command you typed was running in its terminal: that command was cut off and may have run only in part. Check what it did before you run it again.`,
    });
  });
  // At every connection of a VM's terminal, the jobs nobody follows any more and that have
  // ended are removed (the app closed, or the terminal was closed, while one ran).
  const offSweep = deps.connection
    ? events.subscribe((name, payload) => {
        if (name !== 'terminal:state') return;
        const info = payload as ApiEvents['terminal:state'];
        if (info.state !== 'connected' || info.target === 'local') return;
        const role = info.target;
        const sweep = Promise.all([sweeps.get(role), exec(role, sweepCommand(runner.jobIds(role))).catch(() => undefined)]);
        sweeps.set(role, sweep);
        void sweep.then(() => sweeps.get(role) === sweep && sweeps.delete(role));
      })
    : () => undefined;
  const record = (lessonId: string, blockId: string, entry: BlockRecord) =>
    model.updateLesson(lessonId, (l) => {
      l.blocks[blockId] = { ...entry, at: new Date().toISOString() };
    });
  const sequence = new BlockSequence({
    emit: (e) => events.emit('sequence:state', e),
    // A block whose output lacks what it expects stops the sequence like a failure.
    runStep: (step) => startBlock(step.lessonId, step.blockId).then((r) => r.done).then((r) => (r.mismatch ? { ...r, exitCode: 1 } : r)),
  });
  const typing = new TypingMatcher({ model, emit: (e) => events.emit('typing:result', e), record });

  /** Starts one block; resolves with its run once it has been pasted, `done` when it ends. */
  async function startBlock(lessonId: string, blockId: string) {
    const l = model.lesson(lessonId);
    const b = model.block(l, blockId);
    const blocked = (err: unknown): never => {
      emit({ lessonId, blockId, runId: '', state: 'blocked', reason: (err as Error).message });
      throw err;
    };
    const what = b.title ? `"${b.title}"` : 'This block';
    const resolved = await model.resolve(b.code, what).catch(blocked);
    const text = b.copyFrom === undefined ? resolved : await copyThenVerify(b, resolved, what).catch(blocked);
    const role = model.role(b.host);
    const started = await runner.start(role, text, { detached: role !== 'local' }).catch(blocked);
    runsInFlight.set(started.runId, { lessonId, blockId, terminalId: started.terminalId });
    emit({ lessonId, blockId, runId: started.runId, terminalId: started.terminalId, state: 'running' });
    const done = started.done.then(async (result): Promise<RunResult & { mismatch?: string }> => {
      runsInFlight.delete(result.runId);
      const base = { lessonId, blockId, runId: result.runId, terminalId: result.terminalId, durationMs: result.durationMs };
      if (result.exitCode === null) {
        emit({ ...base, state: 'failed', tail: result.tail, reason: result.reason ?? 'the run ended without a status' });
        return result;
      }
      const mismatch = result.exitCode === 0 ? outputMismatch(b.expect, result.output, text) : undefined;
      const state = mismatch ? 'failed' : result.exitCode === 0 ? 'succeeded' : result.exitCode === 130 ? 'interrupted' : 'failed';
      emit({ ...base, state, exitCode: result.exitCode, ...(state === 'succeeded' ? {} : { tail: result.tail }), ...(mismatch ? { outputMismatch: mismatch } : {}) });
      await record(lessonId, blockId, { exitCode: result.exitCode, durationMs: result.durationMs, ...(mismatch ? { outputMismatch: mismatch } : {}) });
      if (!sequence.running) {
        if (state === 'succeeded' && l.blocks.at(-1)?.id === blockId) deps.onLessonBlocksDone?.(lessonId);
        else deps.onCommandEnded?.(model.role(b.host));
      }
      return mismatch ? { ...result, mismatch } : result;
    });
    return { ...started, done };
  }

  /** A copy block's files go from its source to its host; returns what the host's terminal runs to check them. */
  async function copyThenVerify(b: CommandBlock, resolved: string, what: string): Promise<string> {
    const { items, problems } = parseCopyList(resolved);
    if (problems.length) throw new ApiError('FAILED_PRECONDITION', `${what} cannot run: ${problems.map((p) => p.message).join('; ')}.`);
    if (!deps.connection) throw new ApiError('FAILED_PRECONDITION', `${what} copies files between the machines, which this app cannot do here.`);
    const end = async (role: string) => ({ name: model.hostname(role), client: (await deps.connection!(role)).client });
    const from = await end(model.role(b.copyFrom ?? ''));
    const copied = await copyFiles(from, await end(model.role(b.host)), items);
    return verifyScript(from.name, copied);
  }

  /**
   * Runs a sequence in the background. When it ends (finished, failed or cancelled), each
   * lesson whose blocks all ran in it gets its checkpoint (and the reading lessons before).
   */
  function runInBackground(kind: 'lesson' | 'catch-up', lessonId: string, steps: { lessonId: string; blockId: string }[], lessons: string[]): void {
    const ran = new Map<string, number>();
    void sequence.run(kind, lessonId, steps, (step) => ran.set(step.lessonId, (ran.get(step.lessonId) ?? 0) + 1)).then(() => {
      const done = lessons.filter((id) => {
        const count = model.lesson(id).blocks.length;
        return count > 0 && ran.get(id) === count;
      });
      if (done.length) deps.onSequenceLessonsDone?.(done);
    });
  }

  const catchUpSteps = (lessonId: string): SequencePlanStep[] =>
    model.lessonsBefore(lessonId).flatMap((l) =>
      l.blocks.map((b) => ({
        lessonId: l.id,
        lessonTitle: l.title,
        blockId: b.id,
        ...(b.title ? { title: b.title } : {}),
        host: model.role(b.host),
        hostname: model.hostname(model.role(b.host)),
      })),
    );

  const offTyped = runner.onTyped((terminalId, target, command, status) => {
    const settings = model.progress().settings;
    if (!sequence.running) deps.onCommandEnded?.(target);
    if (!settings.typingMode || !settings.lastLessonId) return;
    const l = model.course.lessons.find((x) => x.id === settings.lastLessonId);
    if (l) void typing.match(l, terminalId, target, command, status);
  });

  return {
    async getVariables() {
      return [...(await model.values()).values()];
    },
    async runBlock(lessonId, blockId) {
      const { terminalId, runId } = await startBlock(lessonId, blockId);
      return { terminalId, runId };
    },
    async interrupt(terminalId) {
      await runner.interrupt(terminalId);
    },
    async runLesson(lessonId) {
      const l = model.lesson(lessonId);
      if (l.blocks.length === 0) throw new ApiError('FAILED_PRECONDITION', `"${l.title}" has no commands to run.`);
      sequence.assertIdle();
      // Progress arrives as sequence:state and block:state events.
      runInBackground('lesson', lessonId, l.blocks.map((b) => ({ lessonId, blockId: b.id })), [lessonId]);
    },
    async planCatchUp(lessonId) {
      return catchUpSteps(lessonId);
    },
    async catchUp(lessonId) {
      const steps = catchUpSteps(lessonId);
      sequence.assertIdle();
      runInBackground('catch-up', lessonId, steps, model.lessonsBefore(lessonId).map((l) => l.id));
    },
    async cancelSequence() {
      sequence.cancel();
    },
    async runText(target, text) {
      return (await runner.start(target, text)).done;
    },
    busy(role) {
      return sequence.running || runner.isTargetBusy(role);
    },
    dispose() {
      offTyped();
      offFollow();
      offCut();
      offSweep();
      runner.dispose();
    },
  };
}
