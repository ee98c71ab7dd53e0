// A lesson's state as an icon for the eye and words for screen readers. 'failing' (it
// passed once, a later re-check fails) is a warning triangle in the failure colour.
import type { LessonState } from '../../../common/progress';
import { LockIcon, OpenIcon, PassedIcon, WarningIcon } from '../../ui/icons';

export const STATE_WORDS: Record<LessonState, string> = { locked: 'locked', open: 'open', passed: 'passed', failing: 'passed before, failing now' };

/** A tooltip for the states that need more than a glance. */
const STATE_TIPS: Partial<Record<LessonState, string>> = {
  failing: 'Passed before, failing now: open the lesson and check again',
  locked: 'Locked until the lessons before it are done',
};

export function LessonStateIcon({ state }: { state: LessonState }) {
  const Icon = state === 'locked' ? LockIcon : state === 'passed' ? PassedIcon : state === 'failing' ? WarningIcon : OpenIcon;
  return (
    <span className={`state-icon state-icon--${state}`} title={STATE_TIPS[state]} data-state={state}>
      <Icon />
      <span className="visually-hidden">{`, ${STATE_WORDS[state]}`}</span>
    </span>
  );
}
