// A drill's state as an icon with words for screen readers.
import type { DrillState } from '../../../common/drill';
import { LockIcon, OpenIcon, PassedIcon, WarningIcon } from '../../ui/icons';

export const DRILL_STATE_WORDS: Record<DrillState, string> = {
  locked: 'Locked',
  open: 'Not tried yet',
  active: 'Under way: the fault is in',
  solved: 'Solved',
};

export function DrillStateIcon({ state }: { state: DrillState }) {
  return (
    <span className={`lesson-state-icon drill-state drill-state--${state}`} title={DRILL_STATE_WORDS[state]}>
      {state === 'locked' ? <LockIcon /> : state === 'solved' ? <PassedIcon /> : state === 'active' ? <WarningIcon /> : <OpenIcon />}
      <span className="visually-hidden">{DRILL_STATE_WORDS[state]}</span>
    </span>
  );
}
