// A lesson's state as an icon for the eye and words for screen readers.
import type { LessonState } from '../../common/progress';
import { LockIcon, OpenIcon, PassedIcon } from './icons';

export const STATE_WORDS: Record<LessonState, string> = { locked: 'locked', open: 'open', passed: 'passed' };

export function LessonStateIcon({ state }: { state: LessonState }) {
  const Icon = state === 'locked' ? LockIcon : state === 'passed' ? PassedIcon : OpenIcon;
  return (
    <span className={`state-icon state-icon--${state}`}>
      <Icon />
      <span className="visually-hidden">{`, ${STATE_WORDS[state]}`}</span>
    </span>
  );
}
