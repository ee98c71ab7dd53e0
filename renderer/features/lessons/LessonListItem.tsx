// One lesson in the sidebar.
import type { Ref } from 'react';
import type { Lesson } from '../../../common/course';
import type { LessonState } from '../../../common/progress';
import { LessonStateIcon } from './LessonStateIcon';

interface Props {
  ref: Ref<HTMLButtonElement>;
  lesson: Lesson;
  number: number;
  state: LessonState;
  /** A lesson it requires fails: the earliest such lesson and the sentence that says so. */
  cause?: { root: string; number: number; text: string } | undefined;
  current: boolean;
  tabbable: boolean;
  onFocus(): void;
  onOpen(): void;
}

export function LessonListItem({ ref, lesson, number, state, cause, current, tabbable, onFocus, onOpen }: Props) {
  return (
    <li className="lesson-list__row">
      <button
        ref={ref}
        type="button"
        className={current ? 'lesson-item lesson-item--current' : 'lesson-item'}
        data-testid={`lesson-item-${lesson.id}`}
        data-state={state}
        data-cause={cause?.root}
        title={cause?.text}
        aria-current={current ? 'page' : undefined}
        tabIndex={tabbable ? 0 : -1}
        onFocus={onFocus}
        onClick={onOpen}
      >
        <span className="lesson-item__number" aria-hidden="true">
          {number}
        </span>
        <span className="lesson-item__title">
          {lesson.title}
          {cause && (
            <span className="lesson-item__cause" data-testid={`lesson-cause-${lesson.id}`}>
              <span aria-hidden="true"> ⚠ needs lesson {cause.number}</span>
              <span className="visually-hidden">{`, ${cause.text}`}</span>
            </span>
          )}
        </span>
        <LessonStateIcon state={state} />
      </button>
    </li>
  );
}
