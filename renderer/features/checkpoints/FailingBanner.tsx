// Above a lesson that passed before but fails now: the first failing check's message and
// "Check again". After a re-check from here that passes, it turns green until dismissed.
import { useState } from 'react';
import { useUiStore } from '../../app/ui-store';
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
  const failing = state === 'failing';
  if (!failing && !(recheckedHere && state === 'passed')) return null;
  const failure = firstFailure(lesson.checks, results);

  return (
    <div className={failing ? 'failing-banner' : 'failing-banner failing-banner--ok'} role="region" aria-label="Checkpoint status" data-testid="failing-banner" data-state={failing ? 'failing' : 'passing'}>
      <span className="failing-banner__icon">{failing ? <WarningIcon /> : <OutcomeIcon tone="pass" />}</span>
      <p className="failing-banner__text" role="status">
        {failing ? (
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
