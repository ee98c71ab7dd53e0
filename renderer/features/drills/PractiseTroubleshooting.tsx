// "Practise troubleshooting" at the end of a lesson: the drills that need it.
import type { Course, Lesson } from '../../../common/course';
import { drillState, drillsAfter } from '../../../common/drill';
import { useUiStore } from '../../app/ui-store';
import { useProgressStore } from '../lessons/progress-store';
import { DRILL_STATE_WORDS } from './DrillStateIcon';

// Stable empties: a selector that returned a new [] or {} would re-render forever.
const NO_STATES: Record<string, string> = {};

export function PractiseTroubleshooting({ course, lesson }: { course: Course; lesson: Lesson }) {
  const states = useProgressStore((s) => s.progress?.states) ?? NO_STATES;
  const progress = useProgressStore((s) => s.progress?.drills);
  const openDrill = useUiStore((s) => s.openDrill);
  const drills = drillsAfter(course.drills ?? [], lesson.id);
  if (drills.length === 0) return null;
  return (
    <section className="practise" aria-labelledby="practise-heading" data-testid="practise-troubleshooting">
      <h2 id="practise-heading" className="practise__heading">Practise troubleshooting</h2>
      <p className="practise__intro">
        The app breaks what you built on purpose; you find the cause in the terminals and repair it, and the checks tell
        you when it works again.
      </p>
      <ul className="practise__list">
        {drills.map((d) => {
          const state = drillState(d, states, progress?.[d.id]);
          return (
            <li key={d.id}>
              <button type="button" className="link-button" data-testid={`practise-${d.id}`} onClick={() => openDrill(d.id)}>
                {d.title}
              </button>
              <span className="practise__state"> · {DRILL_STATE_WORDS[state]}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
