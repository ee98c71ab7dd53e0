// A locked lesson can be read (and run) ahead; this says what unlocks it, and that its
// commands build on the earlier lessons' work.
import type { Course, Lesson } from '../../../common/course';
import { useUiStore } from '../../app/ui-store';
import { LockIcon } from '../../ui/icons';
import { blockingLessons } from './lessons';
import { useProgressStore } from './progress-store';

export function LockedNote({ course, lesson }: { course: Course; lesson: Lesson }) {
  const progress = useProgressStore((s) => s.progress);
  const selectLesson = useUiStore((s) => s.selectLesson);
  const blocking = blockingLessons(course, lesson, progress);
  return (
    <div className="locked-note" data-testid="locked-note">
      <LockIcon className="locked-note__icon" />
      <p>
        <strong>Locked.</strong>{' '}
        {blocking.length === 0 ? (
          'Finish the earlier lessons to unlock this one.'
        ) : (
          <>
            Finish{' '}
            {blocking.map((b, i) => (
              <span key={b.id}>
                {i > 0 && (i === blocking.length - 1 ? ' and ' : ', ')}
                <button type="button" className="link-button" onClick={() => selectLesson(b.id, { focusContent: true })}>
                  {b.title}
                </button>
              </span>
            ))}{' '}
            to unlock this lesson.
          </>
        )}{' '}
        You can read ahead; its commands still run if you click them, but they build on the earlier lessons&apos; work on your VMs.
      </p>
    </div>
  );
}
