// The end of a lesson: its checks, or a "Mark as done" button for a lesson without any;
// then, for a lesson that changes the VMs, the way to reset it.
import { useState } from 'react';
import type { Course, Lesson } from '../../../common/course';
import type { LessonState } from '../../../common/progress';
import { useApi } from '../../app/api-context';
import { errorMessage } from '../../app/errors';
import { PassedIcon } from '../../ui/icons';
import { applyProgress } from '../lessons/progress-store';
import { LessonChecks } from './LessonChecks';
import { LessonReset } from './LessonReset';

interface Props {
  course: Course;
  lesson: Lesson;
  state: LessonState;
}

export function LessonCompletion({ course, lesson, state }: Props) {
  return (
    <>
      {lesson.checks.length > 0 ? <LessonChecks course={course} lesson={lesson} state={state} /> : <MarkAsDone lesson={lesson} state={state} />}
      <LessonReset course={course} lesson={lesson} />
    </>
  );
}

function MarkAsDone({ lesson, state }: { lesson: Lesson; state: LessonState }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const markDone = () => {
    if (busy || state === 'locked') return;
    setBusy(true);
    setError('');
    api
      .completeLesson(lesson.id)
      .then(applyProgress)
      .catch((err: unknown) => setError(`Could not mark this lesson as done: ${errorMessage(err)}`))
      .finally(() => setBusy(false));
  };

  return (
    <section className="completion" aria-labelledby="completion-heading" data-testid="lesson-completion">
      <h2 id="completion-heading" className="completion__heading">
        Finished reading?
      </h2>
      {state === 'passed' ? (
        <p className="completion__done">
          <PassedIcon className="completion__done-icon" />
          You marked this lesson as done.
        </p>
      ) : state === 'locked' ? (
        <p className="completion__hint">You can mark this lesson as done once it unlocks.</p>
      ) : (
        <>
          <p className="completion__hint">This lesson has nothing to check on your machines. Mark it as done to move on.</p>
          <button type="button" className="button button--primary" onClick={markDone} aria-disabled={busy ? true : undefined}>
            {busy ? 'Saving…' : 'Mark as done'}
          </button>
        </>
      )}
      <p className="completion__error" role="status">
        {error}
      </p>
    </section>
  );
}
