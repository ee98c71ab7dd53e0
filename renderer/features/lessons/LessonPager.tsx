// Previous / Next lesson at the bottom of a lesson.
import type { Course, Lesson } from '../../../common/course';
import { useUiStore } from '../../app/ui-store';
import { ArrowLeftIcon, ArrowRightIcon } from '../../ui/icons';
import { neighbours } from './lessons';

export function LessonPager({ course, lesson }: { course: Course; lesson: Lesson }) {
  const selectLesson = useUiStore((s) => s.selectLesson);
  const { previous, next } = neighbours(course, lesson.id);
  return (
    <nav className="pager" aria-label="Previous and next lesson">
      {previous ? (
        <button type="button" className="pager__link pager__link--previous" onClick={() => selectLesson(previous.id, { focusContent: true })}>
          <span className="pager__label">
            <ArrowLeftIcon /> Previous
          </span>
          <span className="pager__title">{previous.title}</span>
        </button>
      ) : (
        <span />
      )}
      {next && (
        <button type="button" className="pager__link pager__link--next" onClick={() => selectLesson(next.id, { focusContent: true })}>
          <span className="pager__label">
            Next <ArrowRightIcon />
          </span>
          <span className="pager__title">{next.title}</span>
        </button>
      )}
    </nav>
  );
}
