// Above a lesson that passed before but fails now: the cause first (the earliest failing
// lesson it requires, with a way there), else the first failing check's message, and
// "Check again". A passed lesson whose requirement fails gets the cause too. After a
// re-check from here that passes, it turns green until dismissed.
import { useState } from 'react';
import { causeChain, explainCause } from '../../../common/live-checks';
import { useUiStore } from '../../app/ui-store';
import { useCourseStore } from '../lessons/course-store';
import { useProgressStore } from '../lessons/progress-store';
import { CloseIcon, WarningIcon } from '../../ui/icons';
import { type SelectedLesson, useSelectedLesson } from '../lessons/useSelectedLesson';
import { OutcomeIcon } from './OutcomeIcon';
import { firstFailure } from './check-outcomes';
import { useLessonChecks } from './useLessonChecks';

export function FailingBanner() {
  const selected = useSelectedLesson();
  const view = useUiStore((s) => s.view);
  if (!selected || selected.lesson.checks.length === 0 || view !== 'lesson') return null;
  return <BannerFor key={selected.lesson.id} {...selected} />;
}

function scrollToChecks() {
  const heading = document.getElementById('checks-heading');
  heading?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  heading?.focus({ preventScroll: true });
}

function BannerFor({ lesson, state }: SelectedLesson) {
  const { results, running, check } = useLessonChecks(lesson);
  const [recheckedHere, setRecheckedHere] = useState(false);
  const course = useCourseStore((s) => s.course);
  const lessons = useProgressStore((s) => s.progress?.lessons);
  const selectLesson = useUiStore((s) => s.selectLesson);
  const cause = course && lessons ? explainCause(course, lessons, lesson.id) : undefined;
  const root = cause && course && lessons ? causeChain(course, lessons, lesson.id).at(-1) : undefined;
  const rootNumber = root && course ? course.lessons.findIndex((l) => l.id === root) + 1 : 0;
  const failing = state === 'failing' || (state === 'passed' && cause !== undefined);
  if (!failing && !(recheckedHere && state === 'passed')) return null;
  const failure = firstFailure(lesson.checks, results);

  return (
    <div className={failing ? 'failing-banner' : 'failing-banner failing-banner--ok'} role="region" aria-label="Checkpoint status" data-testid="failing-banner" data-state={failing ? 'failing' : 'passing'}>
      <span className="failing-banner__icon">{failing ? <WarningIcon /> : <OutcomeIcon tone="pass" />}</span>
      <p className="failing-banner__text" role="status">
        {failing && cause ? (
          <>
            <strong>The cause comes first:</strong> <span data-testid="failing-banner-cause">{cause}</span>
            {state === 'failing' && failure && (
              <span className="failing-banner__check">
                {' '}
                Here: {failure.title} — <span data-testid="failing-banner-message">{failure.message}</span>
              </span>
            )}
          </>
        ) : failing ? (
          <>
            <strong>This checkpoint passed before but fails now:</strong>{' '}
            <span data-testid="failing-banner-message">{failure ? failure.message : 'one of its checks fails.'}</span>
            {failure && <span className="failing-banner__check"> ({failure.title})</span>}
          </>
        ) : (
          <strong>Passing again: every check of this lesson passes.</strong>
        )}
      </p>
      <div className="failing-banner__actions">
        {root && (
          <button type="button" className="button button--small" data-testid="failing-open-cause" onClick={() => selectLesson(root, { focusContent: true })}>
            Open lesson {rootNumber}
          </button>
        )}
        {failing ? (
          <button
            type="button"
            className="button button--small"
            data-testid="failing-recheck"
            aria-disabled={running ? true : undefined}
            onClick={() => {
              setRecheckedHere(true);
              void check();
            }}
          >
            {running ? (
              <>
                <span className="check-spinner check-spinner--button" aria-hidden="true" />
                Checking…
              </>
            ) : (
              'Check again'
            )}
          </button>
        ) : (
          <button type="button" className="button button--small" data-testid="failing-dismiss" onClick={() => setRecheckedHere(false)}>
            <CloseIcon />
            Dismiss
          </button>
        )}
        <button type="button" className="link-button failing-banner__link" onClick={scrollToChecks}>
          See all checks
        </button>
      </div>
    </div>
  );
}
