// A lesson's checks as the checkpoint UI shows them: live results of this session's run
// merged with the stored ones, whether a run is going on, and a way to start one.
import { useCallback, useMemo } from 'react';
import type { Lesson } from '../../../common/course';
import { useApi } from '../../app/api-context';
import { useProgressStore } from '../lessons/progress-store';
import { type ShownResult, mergeResults } from './check-outcomes';
import { type CheckRun, runLessonChecks, useChecksStore } from './checks-store';

export interface LessonChecksView {
  results: Record<string, ShownResult>;
  run: CheckRun | undefined;
  running: boolean;
  pending: ReadonlySet<string>;
  check(): Promise<void>;
}

const NONE: ReadonlySet<string> = new Set();

export function useLessonChecks(lesson: Lesson): LessonChecksView {
  const api = useApi();
  const run = useChecksStore((s) => s.runs[lesson.id]);
  const stored = useProgressStore((s) => s.progress?.lessons[lesson.id]?.checks);
  const results = useMemo(() => mergeResults(lesson.checks, run?.results, stored), [lesson.checks, run?.results, stored]);
  const pending = useMemo(() => (run?.running ? new Set(run.pending) : NONE), [run?.running, run?.pending]);
  const ids = useMemo(() => lesson.checks.map((c) => c.id), [lesson.checks]);
  const check = useCallback(async () => {
    if (useChecksStore.getState().runs[lesson.id]?.running) return;
    await runLessonChecks(api, lesson.id, ids);
  }, [api, lesson.id, ids]);
  return { results, run, running: run?.running ?? false, pending, check };
}
