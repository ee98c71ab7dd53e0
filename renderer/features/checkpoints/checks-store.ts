// Checkpoint runs as they happen: `checks:started` marks every check of a lesson as
// running, each `check:result` settles one, runChecks' answer settles the rest (the app's
// event wiring, app/connect-stores.ts, feeds the events). The last run's full results
// (with hints and journal lines, which progress does not keep) stay for the session.
import { create } from 'zustand';
import type { ApiClient, CheckResult } from '../../../common/api';
import type { ProgressView } from '../../../common/progress';
import { errorMessage } from '../../app/errors';

export interface CheckRun {
  running: boolean;
  /** Checks the running run has not answered yet. */
  pending: string[];
  /** The checks of the latest run. */
  checkIds: string[];
  /** This session's newest result per check. */
  results: Record<string, CheckResult>;
  /** Why the last run could not happen at all (runChecks rejected). */
  error?: string;
  /** The last run's results all passed (for the "checkpoint passed" moment). */
  allPassed?: boolean;
}

export interface ChecksState {
  runs: Record<string, CheckRun>;
  started(lessonId: string, checkIds: string[]): void;
  result(result: CheckResult): void;
  finished(lessonId: string, results: CheckResult[]): void;
  failed(lessonId: string, message: string): void;
  /** Drops the session's results of these lessons (after a reset). */
  forget(lessonIds: readonly string[]): void;
}

const blankRun = (): CheckRun => ({ running: false, pending: [], checkIds: [], results: {} });

export const useChecksStore = create<ChecksState>()((set) => ({
  runs: {},
  started: (lessonId, checkIds) =>
    set((s) => {
      const run = s.runs[lessonId] ?? blankRun();
      // A second `started` for the run we already marked (ours, then core's event) changes nothing.
      if (run.running && run.checkIds.length === checkIds.length && checkIds.every((id) => run.checkIds.includes(id))) return s;
      return { runs: { ...s.runs, [lessonId]: { ...run, running: true, pending: [...checkIds], checkIds: [...checkIds], error: undefined, allPassed: undefined } } };
    }),
  result: (r) =>
    set((s) => {
      const run = s.runs[r.lessonId] ?? blankRun();
      const pending = run.pending.filter((id) => id !== r.checkId);
      const results = { ...run.results, [r.checkId]: r };
      // The last answer ends the run, also one core started by itself (after "Run all").
      const done = run.running && pending.length === 0;
      const allPassed = done ? run.checkIds.every((id) => results[id]?.outcome === 'pass') : run.allPassed;
      return { runs: { ...s.runs, [r.lessonId]: { ...run, running: done ? false : run.running, pending, results, allPassed } } };
    }),
  finished: (lessonId, results) =>
    set((s) => {
      const run = s.runs[lessonId] ?? blankRun();
      const merged = { ...run.results };
      for (const r of results) merged[r.checkId] = r;
      const allPassed = results.length > 0 && results.every((r) => r.outcome === 'pass');
      return { runs: { ...s.runs, [lessonId]: { running: false, pending: [], checkIds: run.checkIds.length ? run.checkIds : results.map((r) => r.checkId), results: merged, allPassed } } };
    }),
  failed: (lessonId, message) =>
    set((s) => {
      const run = s.runs[lessonId] ?? blankRun();
      return { runs: { ...s.runs, [lessonId]: { ...run, running: false, pending: [], error: message } } };
    }),
  forget: (lessonIds) =>
    set((s) => {
      if (!lessonIds.some((id) => s.runs[id])) return s;
      const runs = { ...s.runs };
      for (const id of lessonIds) delete runs[id];
      return { runs };
    }),
}));

/** A lesson whose progress was cleared (a reset, here or in another window) forgets its live results. */
export function forgetClearedRuns(lessons: ProgressView['lessons']): void {
  const { runs, forget } = useChecksStore.getState();
  const cleared = Object.entries(runs)
    .filter(([id, run]) => !run.running && Object.keys(run.results).length > 0 && !lessons[id])
    .map(([id]) => id);
  if (cleared.length) forget(cleared);
}

/** Runs a lesson's checks; results arrive live through the events, the answer settles the run. */
export async function runLessonChecks(api: ApiClient, lessonId: string, checkIds: string[]): Promise<CheckResult[] | undefined> {
  const store = useChecksStore.getState();
  // Show the spinners at once; core's `checks:started` confirms them.
  store.started(lessonId, checkIds);
  try {
    const results = await api.runChecks(lessonId);
    useChecksStore.getState().finished(lessonId, results);
    return results;
  } catch (err) {
    useChecksStore
      .getState()
      .failed(lessonId, `Could not run the checks: ${errorMessage(err)}`);
    return undefined;
  }
}
