// A lesson's checks (what the app verifies on the learner's machines) and "Check my work":
// a spinner per check while it runs, each result as it arrives, the stored results (and
// when they were taken) otherwise, and the checkpoint-passed moment.
import { useEffect, useState } from 'react';
import type { Course, Lesson } from '../../../common/course';
import type { LessonState } from '../../../common/progress';
import { useProgressStore } from '../lessons/progress-store';
import { CheckItem } from './CheckItem';
import { CheckpointPassed } from './CheckpointPassed';
import { countOutcomes, latestAt, relativeTime, summarize } from './check-outcomes';
import { useLessonChecks } from './useLessonChecks';
import { useMinuteClock } from './useMinuteClock';

interface Props {
  course: Course;
  lesson: Lesson;
  state: LessonState;
}

export function LessonChecks({ course, lesson, state }: Props) {
  const { results, run, running, pending, check } = useLessonChecks(lesson);
  const now = useMinuteClock();
  const ids = lesson.checks.map((c) => c.id);
  const shown = Object.values(results);
  const summary = summarize(ids, results);
  const lastAt = latestAt(shown);
  const done = ids.length - pending.size;

  const hint = (() => {
    if (running) return `Checking ${ids.length === 1 ? 'your work' : `${ids.length} things`} on your machines…`;
    if (summary === 'unchecked') return state === 'locked' ? 'Once the earlier lessons are done, the app will verify these on your machines:' : 'The app will verify these on your machines:';
    return `Last checked ${lastAt ? relativeTime(lastAt, now) : ''}: ${countOutcomes(shown)}.`;
  })();
  const watching = useProgressStore((s) => s.progress?.settings);
  // Open while shown, then passed: it passed by itself (live checks), as the learner watched.
  const [sawOpen, setSawOpen] = useState(state === 'open');
  useEffect(() => {
    if (state === 'open') setSawOpen(true);
  }, [state]);
  const liveNote = (() => {
    if (state === 'locked') return undefined;
    const follow = 'The app re-checks them a moment after each command you run on their machine';
    if (state === 'open') return `${follow}; when they all pass, the lesson passes by itself.`;
    if (watching?.watchPaused) return `${follow}. Background re-checks of passed lessons are paused.`;
    return `${follow}, and every ${watching?.watchIntervalSeconds ?? 5} s or so while your machines are connected.`;
  })();

  const live = running ? `Checking… ${done} of ${ids.length} done.` : run && !run.error && summary !== 'unchecked' ? `Checks finished: ${countOutcomes(shown)}.` : '';
  const showPassed = !running && summary === 'all-pass' && state === 'passed';

  return (
    <section className="completion checkpoint" aria-labelledby="checks-heading" data-testid="lesson-checks" data-running={running ? 'true' : undefined} data-summary={summary}>
      <h2 id="checks-heading" className="completion__heading" tabIndex={-1}>
        Check your work
      </h2>
      <p className="completion__hint checkpoint__hint" data-testid="checks-when">
        {hint}
      </p>

      {liveNote && (
        <p className="completion__hint checkpoint__live" data-testid="checks-live">
          {liveNote}
        </p>
      )}

      {showPassed && <CheckpointPassed course={course} lesson={lesson} fresh={run?.allPassed === true || sawOpen} />}

      {summary === 'not-reached' && !running && (
        <p className="checkpoint__note checkpoint__note--unreachable">
          Some checks could not reach your machines, so they say nothing about your work. Check the connection in Hosts, then check again.
        </p>
      )}

      <ul className="checkpoint__list" data-testid="check-list">
        {lesson.checks.map((spec) => (
          <CheckItem key={spec.id} course={course} spec={spec} result={results[spec.id]} running={pending.has(spec.id)} />
        ))}
      </ul>

      <div className="checkpoint__actions">
        <button
          type="button"
          className={showPassed ? 'button' : 'button button--primary'}
          data-testid="lesson-check"
          onClick={() => void check()}
          aria-disabled={running ? true : undefined}
          aria-busy={running ? true : undefined}
        >
          {running ? (
            <>
              <span className="check-spinner check-spinner--button" aria-hidden="true" />
              Checking… {done}/{ids.length}
            </>
          ) : (
            'Check my work'
          )}
        </button>
      </div>
      <p className="visually-hidden" role="status">
        {live}
      </p>
      {run?.error && (
        <p className="completion__message completion__message--error" role="alert" data-testid="checks-error">
          {run.error}
        </p>
      )}
    </section>
  );
}
