// A whole-lesson run or catch-up under way (or just ended): how far it got, Stop, and
// where it stopped when a block failed.
import type { Course } from '../../../common/course';
import { useApi } from '../../app/api-context';
import { useUiStore } from '../../app/ui-store';
import { CheckIcon, CloseIcon, WarningIcon } from '../../ui/icons';
import { failedStep, isRunning, type SequenceView, sequenceText } from './block-sequence';
import { blockKey, isAboutHosts } from './block-state';
import { stopSequence, useBlocksStore } from './blocks-store';

function scrollToBlock(blockId: string): void {
  const el = document.querySelector<HTMLElement>(`[data-testid="command-block"][data-block-id="${CSS.escape(blockId)}"]`);
  if (!el) return;
  el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  el.querySelector<HTMLElement>('button')?.focus({ preventScroll: true });
}

export function SequenceProgress({ course, lessonId, sequence }: { course: Course; lessonId: string; sequence: SequenceView }) {
  const api = useApi();
  const dismiss = useBlocksStore((s) => s.dismissSequence);
  const selectLesson = useUiStore((s) => s.selectLesson);
  const openHosts = useUiStore((s) => s.openHosts);
  const step = sequence.state === 'failed' ? failedStep(course, sequence) : undefined;
  const failedRun = useBlocksStore((s) => (step ? s.runs[blockKey(step.lessonId, step.blockId)] : undefined));
  const running = isRunning(sequence);
  const elsewhere = sequence.lessonId !== lessonId ? course.lessons.find((l) => l.id === sequence.lessonId) : undefined;
  const what = sequence.kind === 'catch-up' ? 'Catching up' : 'Running all commands';

  let detail = '';
  if (sequence.error) detail = sequence.error;
  else if (failedRun?.phase === 'blocked' && failedRun.reason) detail = failedRun.reason;
  else if (failedRun?.phase === 'failed') detail = failedRun.outputMismatch ? `exited 0, but ${failedRun.outputMismatch}` : failedRun.exitCode !== undefined ? `exit code ${failedRun.exitCode}` : (failedRun.reason ?? '');

  const text = sequence.error ? `Could not start: ${sequence.error}` : sequenceText(course, sequence);
  const percent = sequence.total > 0 ? Math.round((sequence.done / sequence.total) * 100) : 0;

  return (
    <div className={`sequence sequence--${sequence.state}`} data-testid="lesson-sequence" data-state={sequence.state} data-kind={sequence.kind} data-done={sequence.done} data-total={sequence.total}>
      <div className="sequence__row">
        <span className="sequence__icon" aria-hidden="true">
          {running ? <span className="block-spinner" /> : sequence.state === 'finished' ? <CheckIcon /> : sequence.state === 'failed' ? <CloseIcon /> : <WarningIcon />}
        </span>
        <p className="sequence__text" role="status">
          {elsewhere && running && <span className="sequence__where">{what} for “{elsewhere.title}”: </span>}
          <span data-testid="lesson-sequence-text">{text}</span>
          {detail && !sequence.error && <span className="sequence__detail"> ({detail})</span>}
        </p>
        <span className="sequence__actions">
          {running && (
            <button type="button" className="button button--small" data-testid="lesson-run-stop" onClick={() => void stopSequence(api)} disabled={sequence.stopping}>
              {sequence.stopping ? 'Stopping…' : 'Stop'}
            </button>
          )}
          {step && step.lessonId === lessonId && (
            <button type="button" className="button button--small" onClick={() => scrollToBlock(step.blockId)}>
              Show the block
            </button>
          )}
          {step && step.lessonId !== lessonId && (
            <button type="button" className="button button--small" onClick={() => selectLesson(step.lessonId, { focusContent: true })}>
              Open that lesson
            </button>
          )}
          {failedRun?.phase === 'blocked' && isAboutHosts(failedRun.reason) && (
            <button type="button" className="button button--small" onClick={openHosts}>
              Open Hosts
            </button>
          )}
          {!running && (
            <button type="button" className="button button--small button--quiet" onClick={dismiss} aria-label="Dismiss">
              <CloseIcon />
            </button>
          )}
        </span>
      </div>
      {sequence.total > 0 && (
        <div className="sequence__bar" role="progressbar" aria-label={what} aria-valuemin={0} aria-valuemax={sequence.total} aria-valuenow={sequence.done} aria-valuetext={`${sequence.done} of ${sequence.total} blocks done`}>
          <span className="sequence__fill" style={{ width: `${percent}%` }} />
        </div>
      )}
    </div>
  );
}
