// The way to start a lesson over: a quiet section under the checks, the confirmation
// dialog, and what happened afterwards.
import { useId, useRef, useState } from 'react';
import type { Course, Lesson } from '../../../common/course';
import { useNoticesStore } from '../../app/notices-store';
import { ResetIcon } from '../../ui/icons';
import { ResetDialog } from './ResetDialog';

export function LessonReset({ course, lesson }: { course: Course; lesson: Lesson }) {
  const uid = useId();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState('');
  const buttonRef = useRef<HTMLButtonElement>(null);
  if (lesson.reset.length === 0) return null;
  return (
    <section className="lesson-reset" aria-labelledby={`${uid}-heading`}>
      <h2 id={`${uid}-heading`} className="lesson-reset__heading">
        Start this lesson over
      </h2>
      <p className="lesson-reset__text">Undo what this lesson set up on your VMs and do it again. You will see every command before it runs.</p>
      <button
        ref={buttonRef}
        type="button"
        className="button button--danger-outline lesson-reset__button"
        data-testid="lesson-reset"
        onClick={() => {
          setDone('');
          setOpen(true);
        }}
      >
        <ResetIcon />
        Reset this lesson…
      </button>
      <p className="lesson-reset__done" role="status" data-testid="reset-done">
        {done}
      </p>
      {open && (
        <ResetDialog
          course={course}
          lesson={lesson}
          returnFocus={buttonRef}
          onCancel={() => setOpen(false)}
          onDone={(message) => {
            setOpen(false);
            setDone(message);
            useNoticesStore.getState().push('info', message);
          }}
        />
      )}
    </section>
  );
}
