// "Reset this lesson": first the plan (the exact commands per host, the lessons that close
// again, or why it cannot run yet), then, once confirmed, the reset runs in the hosts'
// terminals where the learner watches it. Modal while deciding (focus trapped, Escape
// cancels); while the reset runs the dialog steps aside so the terminal stays in view.
import { type RefObject, useEffect, useId, useRef, useState } from 'react';
import type { ResetPlan } from '../../../common/api';
import type { Course, Lesson } from '../../../common/course';
import { useApi } from '../../app/api-context';
import { errorMessage } from '../../app/errors';
import { Modal } from '../../ui/Modal';
import { ResetIcon, WarningIcon } from '../../ui/icons';
import { HostBadge } from '../hosts/HostBadge';
import { applyProgress } from '../lessons/progress-store';
import { useTerminalsStore } from '../terminals/terminals-store';
import { resetDoneText, resetRunningText } from './check-reset';
import { useChecksStore } from './checks-store';

interface Props {
  course: Course;
  lesson: Lesson;
  /** Where focus goes back when the dialog closes (the Reset button). */
  returnFocus: RefObject<HTMLElement | null>;
  onCancel(): void;
  onDone(message: string): void;
}

type Phase = 'loading' | 'ready' | 'running';

export function ResetDialog({ course, lesson, returnFocus, onCancel, onDone }: Props) {
  const api = useApi();
  const uid = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const [phase, setPhase] = useState<Phase>('loading');
  const [plan, setPlan] = useState<ResetPlan | null>(null);
  const [error, setError] = useState('');
  const [step, setStep] = useState(0);
  const running = phase === 'running';
  const titles = new Map(course.lessons.map((l) => [l.id, l.title]));

  useEffect(() => {
    let live = true;
    api.planReset(lesson.id).then(
      (p) => {
        if (!live) return;
        setPlan(p);
        setPhase('ready');
      },
      (err: unknown) => {
        if (!live) return;
        setError(`Could not work out the reset: ${errorMessage(err)}`);
        setPhase('ready');
      },
    );
    return () => {
      live = false;
    };
  }, [api, lesson.id]);

  // While the reset runs, follow it from host to host: output on the next step's terminal
  // means that step started (core runs them one after another).
  useEffect(() => {
    if (!running || !plan) return;
    return api.on('terminal:data', ({ terminalId }) => {
      const tabs = useTerminalsStore.getState().tabs;
      const target = Object.values(tabs).find((t) => t.terminalId === terminalId)?.target;
      if (!target) return;
      setStep((current) => {
        if (plan.steps[current]?.host === target) return current;
        const next = plan.steps.findIndex((s, i) => i > current && s.host === target);
        if (next < 0) return current;
        useTerminalsStore.getState().showTab(target);
        return next;
      });
    });
  }, [api, running, plan]);

  const cancel = () => {
    if (running) return;
    onCancel();
  };

  const confirm = async () => {
    if (!plan || plan.blocked || running || plan.steps.length === 0) return;
    setPhase('running');
    setError('');
    setStep(0);
    const first = plan.steps[0];
    if (first) useTerminalsStore.getState().focusTerminal(first.host);
    try {
      const view = await api.resetLesson(lesson.id);
      applyProgress(view);
      useChecksStore.getState().forget([lesson.id, ...plan.closes]);
      onDone(resetDoneText(lesson.title, plan.closes.length));
    } catch (err) {
      setError(errorMessage(err));
      setPhase('ready');
      // Back into the dialog, where the error is.
      requestAnimationFrame(() => dialogRef.current?.querySelector<HTMLElement>('[data-focus-after-error]')?.focus());
    }
  };

  const hosts = [...new Set(plan?.steps.map((s) => s.hostname) ?? [])];
  const [errorHead, ...errorTail] = error.split('\n');
  const canConfirm = phase === 'ready' && !!plan && !plan.blocked && plan.steps.length > 0;

  return (
    // Focus goes back to the Reset button on close, unless the learner moved on (e.g. into
    // the terminal while the reset ran); while it runs, focus may leave the dialog.
    <Modal
      backdropClassName={running ? 'modal-backdrop reset-backdrop reset-backdrop--running' : 'modal-backdrop reset-backdrop'}
      backdropCancels
      trapFocus={!running}
      returnFocus={returnFocus}
      dialogRef={dialogRef}
      className="modal reset-dialog"
      labelledBy={`${uid}-title`}
      aria-describedby={`${uid}-desc`}
      aria-busy={phase !== 'ready' ? true : undefined}
      initialFocus={cancelRef}
      onCancel={cancel}
      data-testid="reset-dialog"
      data-phase={phase}
    >
      <h2 id={`${uid}-title`} className="reset-dialog__title">
        <ResetIcon className="reset-dialog__title-icon" />
        Reset “{lesson.title}”?
      </h2>
      {running && (
        <p className="reset-dialog__progress" role="status" data-testid="reset-progress">
          <span className="check-spinner" aria-hidden="true" />
          {resetRunningText(plan?.steps[step]?.hostname ?? '')}
        </p>
      )}

      <p id={`${uid}-desc`} className="reset-dialog__intro">
        This undoes what the lesson set up on your VMs, so you can do it again from a clean start. The app types these commands into the{' '}
        {hosts.length > 1 ? 'terminals' : 'terminal'} of {hosts.length ? hosts.join(' and ') : 'your VMs'}, where you can watch them run.
      </p>

      {phase === 'loading' && (
        <p className="reset-dialog__loading" role="status">
          <span className="check-spinner" aria-hidden="true" /> Working out what the reset will do…
        </p>
      )}

      {plan && (
        <>
          <h3 className="reset-dialog__subhead">Commands</h3>
          <ol className="reset-steps" data-testid="reset-steps">
            {plan.steps.map((s, i) => {
              const stepState = !running ? undefined : i < step ? 'done' : i === step ? 'running' : 'waiting';
              return (
                <li key={i} className="reset-step" data-host={s.host} data-state={stepState}>
                  <div className="reset-step__head">
                    <HostBadge course={course} role={s.host} size="small" />
                    {stepState === 'running' && <span className="check-spinner" aria-hidden="true" />}
                    {stepState === 'done' && <span className="reset-step__done">done</span>}
                  </div>
                  <pre className="reset-step__code">
                    <code>{s.run}</code>
                  </pre>
                </li>
              );
            })}
          </ol>

          <h3 className="reset-dialog__subhead">Your progress</h3>
          <div className="reset-closes" data-testid="reset-closes" hidden={running}>
            <p>
              “{lesson.title}” opens again: its checks are cleared.
              {plan.closes.length > 0
                ? ` ${plan.closes.length === 1 ? 'This later lesson depends on it and closes' : `These ${plan.closes.length} later lessons depend on it and close`} again:`
                : ' No later lesson you started depends on it.'}
            </p>
            {plan.closes.length > 0 && (
              <ul className="reset-closes__list">
                {plan.closes.map((id) => (
                  <li key={id} data-lesson={id}>
                    {titles.get(id) ?? id}
                  </li>
                ))}
              </ul>
            )}
          </div>

          {plan.blocked && (
            <p className="reset-dialog__blocked" data-testid="reset-blocked" role="alert">
              <WarningIcon />
              <span>{plan.blocked}</span>
            </p>
          )}
        </>
      )}

      {error && (
        <div className="reset-dialog__error" role="alert" data-testid="reset-error">
          <p>{errorHead}</p>
          {errorTail.length > 0 && <pre>{errorTail.join('\n')}</pre>}
        </div>
      )}

      <div className="reset-dialog__actions">
        <button ref={cancelRef} type="button" className="button" data-testid="reset-cancel" onClick={cancel} disabled={running} data-focus-after-error>
          {error ? 'Close' : 'Cancel'}
        </button>
        <button
          type="button"
          className="button button--danger"
          data-testid="reset-confirm"
          onClick={() => void confirm()}
          disabled={!canConfirm}
          aria-busy={running ? true : undefined}
        >
          {running ? 'Resetting…' : error && plan && !plan.blocked ? 'Try the reset again' : 'Reset this lesson'}
        </button>
      </div>
    </Modal>
  );
}
