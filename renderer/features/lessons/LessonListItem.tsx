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
  current: boolean;
  tabbable: boolean;
  onFocus(): void;
  onOpen(): void;
}

export function LessonListItem({ ref, lesson, number, state, current, tabbable, onFocus, onOpen }: Props) {
  return (
    <li className="lesson-list__row">
      <button
        ref={ref}
        type="button"
        className={current ? 'lesson-item lesson-item--current' : 'lesson-item'}
        data-testid={`lesson-item-${lesson.id}`}
        data-state={state}
        aria-current={current ? 'page' : undefined}
        tabIndex={tabbable ? 0 : -1}
        onFocus={onFocus}
        onClick={onOpen}
      >
        <span className="lesson-item__number" aria-hidden="true">
          {number}
        </span>
        <span className="lesson-item__title">{lesson.title}</span>
        <LessonStateIcon state={state} />
      </button>
    </li>
  );
}
