// A lesson's state as an icon for the eye and words for screen readers.
import type { LessonState } from '../../common/progress';
import { LockIcon, OpenIcon, PassedIcon, WarningIcon } from './icons';

export const STATE_WORDS: Record<LessonState, string> = { locked: 'locked', open: 'open', passed: 'passed', failing: 'passed before, failing now' };

export function LessonStateIcon({ state }: { state: LessonState }) {
  const Icon = state === 'locked' ? LockIcon : state === 'passed' ? PassedIcon : state === 'failing' ? WarningIcon : OpenIcon;
  return (
    <span className={`state-icon state-icon--${state}`}>
      <Icon />
      <span className="visually-hidden">{`, ${STATE_WORDS[state]}`}</span>
    </span>
  );
}
