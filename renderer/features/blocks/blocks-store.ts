// Command-block runs as core reports them (`block:state`), typing mode's progress
// (`typing:result`) and the whole-lesson run or catch-up (`sequence:state`), plus the
// actions behind Run, Interrupt, Run all commands, Catch me up and Stop. The app's event
// wiring (app/connect-stores.ts) feeds it.
import { create } from 'zustand';
import type { ApiClient, BlockRunEvent, SequenceEvent, SequencePlanStep, TypingEvent } from '../../../common/api';
import { type Course, type CommandBlock, hostRole } from '../../../common/course';
import type { ProgressView } from '../../../common/progress';
import { errorMessage } from '../../app/errors';
import { reportFailure } from '../../app/notices-store';
import { useUiStore } from '../../app/ui-store';
import { applyProgress, useProgressStore } from '../lessons/progress-store';
import { useTerminalsStore } from '../terminals/terminals-store';
import { applySequenceEvent, isRunning, type SequenceView } from './block-sequence';
import { attachRun, blockKey, isActive, type LiveRun, reduceBlockEvent, refuseRun, startRun } from './block-state';
import { reduceTyping, type TypingProgress } from './block-typing';

export interface BlocksState {
  /** Live runs of this session, by blockKey(lessonId, blockId). */
  runs: Record<string, LiveRun>;
  /** Typing mode's progress per block, by blockKey. */
  typing: Record<string, TypingProgress>;
  sequence: SequenceView | null;
  applyBlockEvent(e: BlockRunEvent): void;
  applyTypingEvent(e: TypingEvent): void;
  applySequence(e: SequenceEvent): void;
  dismissSequence(): void;
  /** Drops the finished runs and typing progress of lessons whose progress was cleared (a reset). */
  forgetLessons(lessonIds: string[]): void;
}

export const useBlocksStore = create<BlocksState>()((set) => ({
  runs: {},
  typing: {},
  sequence: null,
  applyBlockEvent: (e) =>
    set((s) => {
      const key = blockKey(e.lessonId, e.blockId);
      const next = reduceBlockEvent(s.runs[key], e, Date.now());
      return next === s.runs[key] || !next ? s : { runs: { ...s.runs, [key]: next } };
    }),
  applyTypingEvent: (e) =>
    set((s) => {
      if (!e.blockId) return s;
      const key = blockKey(e.lessonId, e.blockId);
      return { typing: { ...s.typing, [key]: reduceTyping(s.typing[key], e) } };
    }),
  applySequence: (e) => set((s) => ({ sequence: applySequenceEvent(s.sequence, e) })),
  dismissSequence: () => set((s) => (isRunning(s.sequence) ? s : { sequence: null })),
  forgetLessons: (lessonIds) =>
    set((s) => {
      const keep = <T,>(record: Record<string, T>) =>
        Object.fromEntries(Object.entries(record).filter(([key, value]) => !lessonIds.some((id) => key.startsWith(`${id}/`)) || isLive(value)));
      return { runs: keep(s.runs), typing: keep(s.typing) };
    }),
}));

function isLive(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'phase' in value && isActive(value as LiveRun);
}

function patchRun(key: string, change: (prev: LiveRun | undefined) => LiveRun): void {
  useBlocksStore.setState((s) => ({ runs: { ...s.runs, [key]: change(s.runs[key]) } }));
}

/** Shows the target's terminal tab (and the terminal pane, if it was hidden) and focuses it. */
export function showTerminalFor(target: string, focus = true): void {
  const ui = useUiStore.getState();
  if (ui.terminalPlacement === 'hidden') ui.setTerminalPlacement('bottom');
  const terminals = useTerminalsStore.getState();
  if (focus) terminals.focusTerminal(target);
  else terminals.showTab(target);
}

/** Run: shows the host's terminal, then asks core to paste the block into it. */
export async function runBlock(api: ApiClient, course: Course, block: CommandBlock): Promise<void> {
  const key = blockKey(block.lessonId, block.id);
  const target = hostRole(course, block.host);
  patchRun(key, () => startRun(Date.now()));
  showTerminalFor(target);
  // Let the tab open its session first, so core pastes into that one rather than a second shell.
  await useTerminalsStore.getState().ensureOpen(target).catch(() => null);
  try {
    const started = await api.runBlock(block.lessonId, block.id);
    patchRun(key, (prev) => attachRun(prev, started, Date.now()));
  } catch (err) {
    patchRun(key, (prev) => refuseRun(prev, errorMessage(err), Date.now()));
  }
}

export async function interruptBlock(api: ApiClient, course: Course, block: CommandBlock): Promise<void> {
  const run = useBlocksStore.getState().runs[blockKey(block.lessonId, block.id)];
  const terminalId = run?.terminalId ?? useTerminalsStore.getState().terminalIdFor(hostRole(course, block.host));
  if (!terminalId) return;
  try {
    await api.interrupt(terminalId);
  } catch (err) {
    reportFailure('Could not interrupt the command', err);
  }
}

function setSequence(view: SequenceView | null): void {
  useBlocksStore.setState({ sequence: view });
}

/** Run all commands of a lesson, in order, stopping at the first failure. */
export async function runWholeLesson(api: ApiClient, lessonId: string, total: number): Promise<void> {
  setSequence({ kind: 'lesson', lessonId, state: 'starting', done: 0, total });
  try {
    await api.runLesson(lessonId);
  } catch (err) {
    refuseSequence(errorMessage(err));
  }
}

/** Catch me up: every block of the lessons before this one (the plan the learner confirmed). */
export async function runCatchUp(api: ApiClient, lessonId: string, plan: SequencePlanStep[]): Promise<void> {
  setSequence({ kind: 'catch-up', lessonId, state: 'starting', done: 0, total: plan.length, plan });
  try {
    await api.catchUp(lessonId);
  } catch (err) {
    refuseSequence(errorMessage(err));
  }
}

function refuseSequence(message: string): void {
  useBlocksStore.setState((s) => (s.sequence?.state === 'starting' ? { sequence: { ...s.sequence, state: 'failed', error: message } } : s));
}

export async function stopSequence(api: ApiClient): Promise<void> {
  useBlocksStore.setState((s) => (s.sequence && isRunning(s.sequence) ? { sequence: { ...s.sequence, stopping: true } } : s));
  try {
    await api.cancelSequence();
  } catch (err) {
    reportFailure('Could not stop the run', err);
  }
}

/** Typing mode on or off, remembered in core's settings. */
export function setTypingMode(api: ApiClient, on: boolean): void {
  useProgressStore.getState().patchSettings({ typingMode: on });
  api
    .updateSettings({ typingMode: on })
    .then(applyProgress)
    .catch((err: unknown) => reportFailure('Could not switch typing mode', err));
}

/** While a sequence runs, each block's terminal comes to the front as its turn comes. */
export function followSequence(e: BlockRunEvent): void {
  if (e.state !== 'running' || !e.terminalId || !isRunning(useBlocksStore.getState().sequence)) return;
  const tab = Object.values(useTerminalsStore.getState().tabs).find((t) => t.terminalId === e.terminalId);
  if (tab && useTerminalsStore.getState().active !== tab.target) showTerminalFor(tab.target, false);
}

/** A lesson whose blocks' progress was cleared (a reset) starts over here too. */
export function forgetClearedBlocks(before: ProgressView['lessons'], after: ProgressView['lessons']): void {
  const hasBlocks = (l: { blocks: Record<string, unknown> } | undefined) => Object.keys(l?.blocks ?? {}).length > 0;
  const cleared = Object.keys(before).filter((id) => hasBlocks(before[id]) && !hasBlocks(after[id]));
  if (cleared.length) useBlocksStore.getState().forgetLessons(cleared);
}
