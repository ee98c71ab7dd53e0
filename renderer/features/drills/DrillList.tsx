// The Troubleshooting part of the sidebar, after the lessons: each drill with its state
// (locked until the lessons it needs pass, active while its fault is in, solved).
import { type DrillSummary, drillState } from '../../../common/drill';
import { useUiStore } from '../../app/ui-store';
import { useCourseStore } from '../lessons/course-store';
import { useProgressStore } from '../lessons/progress-store';
import { DrillStateIcon } from './DrillStateIcon';

// Stable empties: a selector that returned a new [] or {} would re-render forever.
const NO_STATES: Record<string, string> = {};
const NO_DRILLS: DrillSummary[] = [];

export function DrillList() {
  const drills = useCourseStore((s) => s.course?.drills) ?? NO_DRILLS;
  const states = useProgressStore((s) => s.progress?.states) ?? NO_STATES;
  const progress = useProgressStore((s) => s.progress?.drills);
  const view = useUiStore((s) => s.view);
  const selected = useUiStore((s) => s.selectedDrillId);
  const openDrill = useUiStore((s) => s.openDrill);
  if (drills.length === 0) return null;
  return (
    <section className="drill-list" aria-labelledby="drill-list-heading">
      <h2 id="drill-list-heading" className="drill-list__heading">Troubleshooting</h2>
      <ol className="drill-list__items" data-testid="drill-list">
        {drills.map((d) => {
          const state = drillState(d, states, progress?.[d.id]);
          const current = view === 'drill' && selected === d.id;
          return (
            <li key={d.id} className="lesson-list__row">
              <button
                type="button"
                className={current ? 'lesson-item lesson-item--current' : 'lesson-item'}
                data-testid={`drill-item-${d.id}`}
                data-state={state}
                aria-current={current ? 'page' : undefined}
                onClick={() => openDrill(d.id)}
              >
                <span className="lesson-item__number" aria-hidden="true">?</span>
                <span className="lesson-item__title">{d.title}</span>
                <DrillStateIcon state={state} />
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
