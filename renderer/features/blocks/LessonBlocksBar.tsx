// The lesson header's command tools: Run all commands, Catch me up (with its dialog),
// typing mode and its accuracy, and the progress of a whole-lesson run or catch-up.
import { useMemo, useState } from 'react';
import type { SequencePlanStep } from '../../../common/api';
import type { Course, Lesson } from '../../../common/course';
import type { VariableValue } from '../../../common/variables';
import { useApi } from '../../app/api-context';
import { errorMessage } from '../../app/errors';
import { PlayIcon } from '../../ui/icons';
import { useProgressStore } from '../lessons/progress-store';
import { BlockMissing } from './BlockMissing';
import { CatchUpDialog } from './CatchUpDialog';
import { SequenceProgress } from './SequenceProgress';
import { TeardownDialog } from './TeardownDialog';
import { isRunning, offersCatchUp } from './block-sequence';
import { accuracyText, typingAccuracy } from './block-typing';
import { missingVariables } from './block-variables';
import { runCatchUp, runWholeLesson, setTypingMode, useBlocksStore } from './blocks-store';
import { teardownPlan } from './teardown-plan';
import { useVariablesStore } from './variables-store';

export function LessonBlocksBar({ course, lesson }: { course: Course; lesson: Lesson }) {
  const api = useApi();
  const values = useVariablesStore((s) => s.values);
  const sequence = useBlocksStore((s) => s.sequence);
  const typingMode = useProgressStore((s) => s.progress?.settings.typingMode ?? false);
  const lessonProgress = useProgressStore((s) => s.progress?.lessons[lesson.id]);
  const [planning, setPlanning] = useState(false);
  const [plan, setPlan] = useState<SequencePlanStep[] | null>(null);
  const [planError, setPlanError] = useState('');
  const [confirmTeardown, setConfirmTeardown] = useState(false);

  const hasBlocks = lesson.blocks.length > 0;
  // A teardown page runs only as a whole, after the learner confirmed every command.
  const teardown = lesson.teardown === true;
  const catchUp = !teardown && offersCatchUp(course, lesson.id);
  const busy = isRunning(sequence);

  // Every variable the lesson's blocks need and do not have (each once).
  const missing = useMemo(() => {
    if (!values) return [];
    const seen = new Map<string, VariableValue>();
    for (const b of lesson.blocks) for (const m of missingVariables(b.code, values)) if (!seen.has(m.name)) seen.set(m.name, m);
    return [...seen.values()];
  }, [lesson.blocks, values]);

  if (!hasBlocks && !catchUp) return null;

  const accuracy = typingAccuracy(lesson, lessonProgress);
  // A finished run stays shown in its own lesson until dismissed; a running one shows everywhere.
  const showSequence = sequence && (busy || sequence.lessonId === lesson.id);

  const openCatchUp = () => {
    if (planning || busy) return;
    setPlanning(true);
    setPlanError('');
    api.planCatchUp(lesson.id).then(
      (steps) => {
        setPlanning(false);
        setPlan(steps);
      },
      (err: unknown) => {
        setPlanning(false);
        setPlanError(`Could not plan the catch-up: ${errorMessage(err)}`);
      },
    );
  };

  const confirmCatchUp = () => {
    const steps = plan;
    setPlan(null);
    if (steps && steps.length > 0) void runCatchUp(api, lesson.id, steps);
  };

  return (
    <div className="lesson-tools" data-testid="lesson-tools">
      <div className="lesson-tools__row">
        {hasBlocks && teardown && (
          <button
            type="button"
            className="button button--small button--danger"
            data-testid="lesson-teardown"
            onClick={() => setConfirmTeardown(true)}
            disabled={busy || missing.length > 0}
            aria-haspopup="dialog"
            title="Shows every command of this page, on every machine, and runs them only after you confirm"
          >
            <PlayIcon />
            <span>{lesson.title}…</span>
          </button>
        )}
        {hasBlocks && !teardown && (
          <button
            type="button"
            className="button button--small button--primary"
            data-testid="lesson-run-all"
            onClick={() => void runWholeLesson(api, lesson.id, lesson.blocks.length)}
            disabled={busy || missing.length > 0}
            title={`Run the ${lesson.blocks.length} ${lesson.blocks.length === 1 ? 'block' : 'blocks'} of this lesson in order, stopping at the first failure`}
          >
            <PlayIcon />
            <span>Run all commands</span>
          </button>
        )}
        {catchUp && (
          <button
            type="button"
            className="button button--small"
            data-testid="lesson-catch-up"
            onClick={openCatchUp}
            disabled={busy}
            aria-haspopup="dialog"
            title="Run every block of the earlier lessons, to get your machines to where this lesson starts"
          >
            {planning ? 'Planning…' : 'Catch me up…'}
          </button>
        )}
        {hasBlocks && !teardown && (
          <button
            type="button"
            role="switch"
            aria-checked={typingMode}
            className={`typing-switch${typingMode ? ' typing-switch--on' : ''}`}
            data-testid="typing-mode-toggle"
            onClick={() => setTypingMode(api, !typingMode)}
          >
            <span className="typing-switch__track" aria-hidden="true">
              <span className="typing-switch__thumb" />
            </span>
            <span>Typing mode</span>
          </button>
        )}
      </div>
      {hasBlocks && typingMode && !teardown && (
        <p className="lesson-tools__typing" data-testid="typing-accuracy" data-typed={accuracy.typed} data-right={accuracy.right} data-total={accuracy.total}>
          <span>You type each command yourself; the app follows along in the terminals.</span> <strong>{accuracyText(accuracy)}</strong>
        </p>
      )}
      {hasBlocks && missing.length > 0 && <BlockMissing missing={missing} testId="lesson-missing" className="block-missing--lesson" />}
      {planError && (
        <p className="lesson-tools__error" role="alert">
          {planError}
        </p>
      )}
      {showSequence && sequence && <SequenceProgress course={course} lessonId={lesson.id} sequence={sequence} />}
      {confirmTeardown && (
        <TeardownDialog
          course={course}
          title={lesson.title}
          hosts={teardownPlan(course, lesson, values)}
          onCancel={() => setConfirmTeardown(false)}
          onConfirm={() => {
            setConfirmTeardown(false);
            void runWholeLesson(api, lesson.id, lesson.blocks.length);
          }}
        />
      )}
      {plan && <CatchUpDialog course={course} lessonTitle={lesson.title} plan={plan} onConfirm={confirmCatchUp} onCancel={() => setPlan(null)} />}
    </div>
  );
}
