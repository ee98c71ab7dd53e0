// A lesson's checks (what the app will verify on the learner's machines) and "Check my work".
import { useState } from 'react';
import type { CheckOutcome } from '../../common/progress';
import type { Course, Lesson } from '../../common/course';
import type { LessonState } from '../../common/progress';
import { useApi } from '../api-context';
import { errorMessage, isNotImplemented } from '../lib/errors';
import { useProgressStore } from '../stores/progress';
import { HostBadge } from './HostBadge';

const OUTCOME_WORDS: Record<CheckOutcome, string> = {
  pass: 'Passed',
  fail: 'Failed',
  unreachable: 'Host unreachable',
  error: 'Could not check',
  timeout: 'Timed out',
};

interface Props {
  course: Course;
  lesson: Lesson;
  state: LessonState;
}

export function LessonChecks({ course, lesson, state }: Props) {
  const api = useApi();
  const results = useProgressStore((s) => s.progress?.lessons[lesson.id]?.checks);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);

  const runChecks = () => {
    if (busy) return;
    setBusy(true);
    setMessage(null);
    api
      .runChecks(lesson.id)
      .catch((err: unknown) =>
        setMessage(
          isNotImplemented(err)
            ? { kind: 'info', text: 'Checking your work arrives with the checks milestone. Until then, follow the steps and compare with the lesson.' }
            : { kind: 'error', text: `Could not run the checks: ${errorMessage(err)}` },
        ),
      )
      .finally(() => setBusy(false));
  };

  return (
    <section className="completion" aria-labelledby="checks-heading" data-testid="lesson-checks">
      <h2 id="checks-heading" className="completion__heading">
        Check your work
      </h2>
      <p className="completion__hint">
        {state === 'passed' ? 'All checks passed. You can run them again at any time.' : 'The app will verify these on your machines:'}
      </p>
      <ul className="check-list">
        {lesson.checks.map((check) => {
          const result = results?.[check.id];
          return (
            <li key={check.id} className="check-list__item" data-testid="check-item" data-check-id={check.id}>
              <span className="check-list__title">{check.title ?? check.id}</span>
              <HostBadge course={course} role={check.host} size="small" />
              {result && (
                <span className={`check-outcome check-outcome--${result.outcome}`}>
                  {OUTCOME_WORDS[result.outcome]}
                  {result.message && result.outcome !== 'pass' ? `: ${result.message}` : ''}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <button type="button" className="button button--primary" onClick={runChecks} aria-busy={busy ? true : undefined}>
        {busy ? 'Checking…' : 'Check my work'}
      </button>
      <p className={`completion__message completion__message--${message?.kind ?? 'none'}`} role="status">
        {message?.text ?? ''}
      </p>
    </section>
  );
}
