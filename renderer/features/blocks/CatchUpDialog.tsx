// "Catch me up": before it runs anything, the learner sees every block of the earlier
// lessons, grouped by lesson, with the machine each one runs on. Modal: focus stays
// inside, Escape or Cancel closes it, focus goes back where it was.
import { useId, useRef } from 'react';
import type { SequencePlanStep } from '../../../common/api';
import type { Course } from '../../../common/course';
import { Modal } from '../../ui/Modal';
import { HostBadge } from '../hosts/HostBadge';
import { groupPlan } from './block-sequence';

interface Props {
  course: Course;
  lessonTitle: string;
  plan: SequencePlanStep[];
  onConfirm(): void;
  onCancel(): void;
}

export function CatchUpDialog({ course, lessonTitle, plan, onConfirm, onCancel }: Props) {
  const uid = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const groups = groupPlan(plan);
  const hosts = [...new Set(plan.map((s) => s.hostname))];

  return (
    <Modal
      className="modal catch-up"
      labelledBy={`${uid}-title`}
      aria-describedby={`${uid}-desc`}
      initialFocus={cancelRef}
      onCancel={onCancel}
      backdropCancels
      portal
      data-testid="catch-up-dialog"
    >
      <h2 id={`${uid}-title`} className="catch-up__title">
        Catch up to “{lessonTitle}”?
      </h2>
      {plan.length === 0 ? (
        <p id={`${uid}-desc`}>The lessons before this one have no commands to run.</p>
      ) : (
        <>
          <p id={`${uid}-desc`}>
            The app will run {plan.length === 1 ? 'this block' : `these ${plan.length} blocks`} from {groups.length === 1 ? 'the earlier lesson' : `${groups.length} earlier lessons`}, in
            order, on {hosts.join(' and ')}, and stop at the first one that fails. They change your machines exactly as if you had run each
            one yourself.
          </p>
          <div className="catch-up__list" tabIndex={0} role="region" aria-label="Blocks that will run">
            {groups.map((g) => (
              <section key={g.lessonId} className="catch-up__lesson" data-lesson-id={g.lessonId}>
                <h3 className="catch-up__lesson-title">{g.lessonTitle}</h3>
                <ol className="catch-up__steps">
                  {g.steps.map((s) => (
                    <li key={`${s.lessonId}/${s.blockId}`} className="catch-up__step" data-testid="catch-up-step" data-block-id={s.blockId} data-host={s.host}>
                      <span className="catch-up__step-title">{s.title ?? `Commands for ${s.hostname}`}</span>
                      <HostBadge course={course} role={s.host} size="small" />
                    </li>
                  ))}
                </ol>
              </section>
            ))}
          </div>
        </>
      )}
      <div className="catch-up__actions">
        <button ref={cancelRef} type="button" className="button" data-testid="catch-up-cancel" onClick={onCancel}>
          Cancel
        </button>
        {plan.length > 0 && (
          <button type="button" className="button button--primary" data-testid="catch-up-confirm" onClick={onConfirm}>
            Run {plan.length} {plan.length === 1 ? 'block' : 'blocks'}
          </button>
        )}
      </div>
    </Modal>
  );
}
