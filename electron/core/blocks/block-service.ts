// Lesson blocks: variables resolved from the learner's hosts, one-click runs in the right
// terminal with their status, whole-lesson runs and catch-up, and typing mode.
import type { Api, BlockRunEvent, HostSummary, SequenceEvent, SequencePlanStep } from '../../../common/api';
import { diffCommand, normalizeCommand, splitCommands } from '../../../common/command-units';
import type { CommandBlock, Course, Lesson } from '../../../common/course';
import { ApiError } from '../../../common/errors';
import type { ProgressFile } from '../../../common/progress';
import { type VariableValue, resolveVariables, variableValues } from '../../../common/variables';
import type { EventBus } from '../events';
import type { TerminalService } from '../terminals/terminal-service';
import { BlockRunner, type RunResult } from './block-runner';

export type BlockOps = Pick<Api, 'getVariables' | 'runBlock' | 'interrupt' | 'runLesson' | 'planCatchUp' | 'catchUp' | 'cancelSequence'>;

export interface BlockServiceDeps {
  course: Course;
  events: EventBus;
  terminals: TerminalService;
  listHosts(): Promise<HostSummary[]>;
  progress(): ProgressFile;
  updateProgress(change: (draft: ProgressFile) => void): Promise<void>;
  /** Called when a lesson's last block succeeded (the checkpoint runs its checks). */
  onLessonBlocksDone?(lessonId: string): void;
}

export interface BlockService extends BlockOps {
  /** Every variable's value, for checks and resets. */
  values(): Promise<Map<string, VariableValue>>;
  /** Resolves `text` or throws FAILED_PRECONDITION naming what is missing. */
  resolve(text: string, what: string): Promise<string>;
  /** Runs text in a target's terminal and waits for it (resets use this). */
  runText(target: string, text: string): Promise<RunResult>;
  dispose(): void;
}

function missingMessage(missing: VariableValue[], what: string): string {
  const parts = missing.map((m) => `{{${m.name}}} ${m.problem ?? 'is not set'}${m.fix === 'hosts' ? ' (set it in Hosts)' : ''}`);
  return `${what} cannot run yet: ${parts.join('; ')}.`;
}

export function createBlockService(deps: BlockServiceDeps): BlockService {
  const { course, events } = deps;
  const runner = new BlockRunner(deps.terminals);
  let sequence: { cancelled: boolean } | undefined;
  /** Typing mode: per lesson/block, which command units were typed, and whether one went wrong first. */
  const typed = new Map<string, { done: Set<number>; corrected: boolean }>();

  const lesson = (lessonId: string): Lesson => {
    const found = course.lessons.find((l) => l.id === lessonId);
    if (!found) throw new ApiError('NOT_FOUND', `no lesson "${lessonId}" in this course`);
    return found;
  };
  const block = (l: Lesson, blockId: string): CommandBlock => {
    const found = l.blocks.find((b) => b.id === blockId);
    if (!found) throw new ApiError('NOT_FOUND', `no block "${blockId}" in lesson "${l.id}"`);
    return found;
  };
  const targetOf = (host: string): string => (host === 'any' ? (course.hosts[0]?.role ?? 'local') : host);
  const hostname = (host: string): string => course.hosts.find((h) => h.role === host)?.hostname ?? (host === 'local' ? 'this computer' : host);

  const values = async () => variableValues(course, await deps.listHosts(), deps.progress().settings.variableOverrides);
  const resolve = async (text: string, what: string): Promise<string> => {
    const r = resolveVariables(text, await values());
    if (r.text === undefined) throw new ApiError('FAILED_PRECONDITION', missingMessage(r.missing, what));
    return r.text;
  };

  const emit = (e: BlockRunEvent) => events.emit('block:state', e);

  async function record(lessonId: string, blockId: string, entry: { exitCode: number; durationMs?: number; typed?: boolean; corrected?: boolean }): Promise<void> {
    await deps.updateProgress((d) => {
      const l = (d.lessons[lessonId] ??= { checks: {}, blocks: {} });
      l.blocks[blockId] = { ...entry, at: new Date().toISOString() };
    });
  }

  /** Starts one block; resolves with its run once it has been pasted, `done` when it ends. */
  async function startBlock(lessonId: string, blockId: string) {
    const l = lesson(lessonId);
    const b = block(l, blockId);
    const title = b.title ? `"${b.title}"` : 'This block';
    let text: string;
    try {
      text = await resolve(b.code, title);
    } catch (err) {
      emit({ lessonId, blockId, runId: '', state: 'blocked', reason: (err as Error).message });
      throw err;
    }
    let started;
    try {
      started = await runner.start(targetOf(b.host), text);
    } catch (err) {
      emit({ lessonId, blockId, runId: '', state: 'blocked', reason: (err as Error).message });
      throw err;
    }
    emit({ lessonId, blockId, runId: started.runId, terminalId: started.terminalId, state: 'running' });
    const done = started.done.then(async (result) => {
      const base = { lessonId, blockId, runId: result.runId, terminalId: result.terminalId, durationMs: result.durationMs };
      if (result.exitCode === null) {
        emit({ ...base, state: 'failed', tail: result.tail, reason: result.reason ?? 'the run ended without a status' });
        return result;
      }
      const state = result.exitCode === 0 ? 'succeeded' : result.exitCode === 130 ? 'interrupted' : 'failed';
      emit({ ...base, state, exitCode: result.exitCode, ...(state === 'succeeded' ? {} : { tail: result.tail }) });
      await record(lessonId, blockId, { exitCode: result.exitCode, durationMs: result.durationMs });
      if (state === 'succeeded' && l.blocks.at(-1)?.id === blockId && !sequence) deps.onLessonBlocksDone?.(lessonId);
      return result;
    });
    return { ...started, done };
  }

  async function runSequence(kind: SequenceEvent['kind'], lessonId: string, steps: { lessonId: string; blockId: string }[], checkpoints: string[]): Promise<void> {
    if (sequence) throw new ApiError('FAILED_PRECONDITION', 'Another lesson run is in progress; wait for it or stop it first.');
    const mine = { cancelled: false };
    sequence = mine;
    const report = (state: SequenceEvent['state'], done: number, failedBlockId?: string) =>
      events.emit('sequence:state', { kind, lessonId, state, done, total: steps.length, ...(failedBlockId ? { failedBlockId } : {}) });
    let done = 0;
    let outcome: 'finished' | 'failed' | 'cancelled' = 'finished';
    report('running', 0);
    try {
      for (const step of steps) {
        if (mine.cancelled) {
          outcome = 'cancelled';
          break;
        }
        const result = await startBlock(step.lessonId, step.blockId).then((r) => r.done, () => undefined);
        if (!result || result.exitCode !== 0) {
          outcome = 'failed';
          report('failed', done, step.blockId);
          break;
        }
        done += 1;
        report('running', done);
      }
    } finally {
      sequence = undefined;
    }
    if (outcome === 'cancelled') report('cancelled', done);
    if (outcome !== 'finished') return;
    report('finished', done);
    // Each lesson whose blocks all ran now gets its checkpoint.
    for (const id of checkpoints) deps.onLessonBlocksDone?.(id);
  }

  const catchUpSteps = (lessonId: string): SequencePlanStep[] => {
    const index = course.lessons.findIndex((l) => l.id === lessonId);
    if (index < 0) throw new ApiError('NOT_FOUND', `no lesson "${lessonId}" in this course`);
    return course.lessons.slice(0, index).flatMap((l) =>
      l.blocks.map((b) => ({
        lessonId: l.id,
        lessonTitle: l.title,
        blockId: b.id,
        ...(b.title ? { title: b.title } : {}),
        host: targetOf(b.host),
        hostname: hostname(targetOf(b.host)),
      })),
    );
  };

  // Typing mode: match each command the learner ran against the current lesson's blocks.
  const offTyped = runner.onTyped((terminalId, target, command, status) => {
    const settings = deps.progress().settings;
    if (!settings.typingMode || !settings.lastLessonId) return;
    const l = course.lessons.find((x) => x.id === settings.lastLessonId);
    if (!l) return;
    void matchTyped(l, terminalId, target, command, status);
  });

  async function matchTyped(l: Lesson, terminalId: string, target: string, command: string, status: number): Promise<void> {
    const all = await values();
    const typedText = normalizeCommand(command);
    if (!typedText) return;
    const candidates: { b: CommandBlock; units: string[]; state: { done: Set<number>; corrected: boolean } }[] = [];
    for (const b of l.blocks) {
      if (targetOf(b.host) !== target) continue;
      const text = resolveVariables(b.code, all).text;
      if (text === undefined) continue;
      const key = `${l.id}/${b.id}`;
      let state = typed.get(key);
      if (!state) typed.set(key, (state = { done: new Set(), corrected: false }));
      candidates.push({ b, units: splitCommands(text).map(normalizeCommand), state });
    }
    const progress = deps.progress().lessons[l.id]?.blocks ?? {};
    const open = candidates.filter((c) => !progress[c.b.id]?.typed);
    for (const c of open) {
      const i = c.units.findIndex((u, idx) => u === typedText && !c.state.done.has(idx));
      if (i < 0) continue;
      c.state.done.add(i);
      events.emit('typing:result', { lessonId: l.id, terminalId, host: target, typed: command, blockId: c.b.id, expected: c.units[i] as string, matched: true });
      if (c.state.done.size === c.units.length) {
        await record(l.id, c.b.id, { exitCode: status, typed: true, corrected: c.state.corrected });
      }
      return;
    }
    // No match: compare with the closest command the lesson still expects on this host.
    let best: { c: (typeof open)[number]; unit: string; score: number } | undefined;
    for (const c of open) {
      c.units.forEach((unit, idx) => {
        if (c.state.done.has(idx)) return;
        const same = diffCommand(unit, typedText).filter((d) => d.kind === 'same').reduce((n, d) => n + d.text.length, 0);
        const score = same / Math.max(unit.length, typedText.length);
        if (!best || score > best.score) best = { c, unit, score };
      });
    }
    if (!best) return;
    best.c.state.corrected = true;
    events.emit('typing:result', {
      lessonId: l.id, terminalId, host: target, typed: command, blockId: best.c.b.id, expected: best.unit, matched: false, diff: diffCommand(best.unit, command),
    });
  }

  return {
    values,
    resolve,
    async getVariables() {
      return [...(await values()).values()];
    },
    async runBlock(lessonId, blockId) {
      const { terminalId, runId } = await startBlock(lessonId, blockId);
      return { terminalId, runId };
    },
    async interrupt(terminalId) {
      await runner.interrupt(terminalId);
    },
    async runLesson(lessonId) {
      const l = lesson(lessonId);
      if (l.blocks.length === 0) throw new ApiError('FAILED_PRECONDITION', `"${l.title}" has no commands to run.`);
      if (sequence) throw new ApiError('FAILED_PRECONDITION', 'Another lesson run is in progress; wait for it or stop it first.');
      // Runs in the background; progress arrives as sequence:state and block:state events.
      void runSequence('lesson', lessonId, l.blocks.map((b) => ({ lessonId, blockId: b.id })), [lessonId]);
    },
    async planCatchUp(lessonId) {
      return catchUpSteps(lessonId);
    },
    async catchUp(lessonId) {
      const earlier = course.lessons.slice(0, course.lessons.findIndex((l) => l.id === lessonId)).map((l) => l.id);
      if (sequence) throw new ApiError('FAILED_PRECONDITION', 'Another lesson run is in progress; wait for it or stop it first.');
      void runSequence('catch-up', lessonId, catchUpSteps(lessonId), earlier);
    },
    async cancelSequence() {
      if (sequence) sequence.cancelled = true;
    },
    async runText(target, text) {
      return (await runner.start(target, text)).done;
    },
    dispose() {
      offTyped();
      runner.dispose();
    },
  };
}
