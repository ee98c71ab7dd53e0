// The moment every check passes: calm, green, with the way to the next lesson.
import type { Course, Lesson } from '../../../common/course';
import { useUiStore } from '../../app/ui-store';
import { ArrowRightIcon } from '../../ui/icons';
import { neighbours } from '../lessons/lessons';
import { useProgressStore } from '../lessons/progress-store';
import { OutcomeIcon } from './OutcomeIcon';

interface Props {
  course: Course;
  lesson: Lesson;
  /** Passed in this session's latest run (a gentle animation), not only stored. */
  fresh: boolean;
}

export function CheckpointPassed({ course, lesson, fresh }: Props) {
  const { next } = neighbours(course, lesson.id);
  const nextState = useProgressStore((s) => (next ? s.progress?.states[next.id] : undefined));
  const selectLesson = useUiStore((s) => s.selectLesson);
  const unlocked = next && nextState !== 'locked';
  const heading = !next ? 'Checkpoint passed — that was the last lesson' : unlocked ? 'Checkpoint passed — next lesson unlocked' : 'Checkpoint passed';
  return (
    <div className={fresh ? 'checkpoint-passed checkpoint-passed--fresh' : 'checkpoint-passed'} data-testid="checkpoint-passed">
      <OutcomeIcon tone="pass" className="checkpoint-passed__icon" />
      <div className="checkpoint-passed__text">
        <p className="checkpoint-passed__title">{heading}</p>
        <p className="checkpoint-passed__sub">
          {next
            ? unlocked
              ? `Everything this lesson set up works on your machines. Up next: ${next.title}.`
              : `Everything this lesson set up works. “${next.title}” still waits for an earlier lesson.`
            : 'Your cluster is built and verified, by hand. Well done.'}
        </p>
      </div>
      {next && unlocked && (
        <button type="button" className="button button--primary checkpoint-passed__next" data-testid="checkpoint-next" onClick={() => selectLesson(next.id, { focusContent: true })}>
          Next lesson
          <ArrowRightIcon />
        </button>
      )}
    </div>
  );
}
