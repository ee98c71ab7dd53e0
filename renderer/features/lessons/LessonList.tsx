// The lessons in course order. One tab stop (roving tabindex): arrows, Home and End move
// between lessons, Enter or Space opens one. A lesson file that could not load keeps its
// place, marked, until it is fixed (it is not a lesson, so it takes no focus).
import { type KeyboardEvent, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import type { LeftOutLesson } from '../../../common/course';
import { causeChain, explainCause } from '../../../common/live-checks';
import { WarningIcon } from '../../ui/icons';
import { useUiStore } from '../../app/ui-store';
import { LessonListItem } from './LessonListItem';
import { useCourseStore } from './course-store';
import { lessonIndex } from './lessons';
import { useProgressStore } from './progress-store';

export function LessonList() {
  const course = useCourseStore((s) => s.course);
  const leftOut = useCourseStore((s) => s.leftOut);
  const states = useProgressStore((s) => s.progress?.states);
  const lessonProgress = useProgressStore((s) => s.progress?.lessons);
  // A passed (or failing) lesson whose requirement fails is flagged with the cause.
  const causes = useMemo(() => {
    const out: Record<string, { root: string; number: number; text: string }> = {};
    if (!course || !lessonProgress || !states) return out;
    for (const l of course.lessons) {
      if (states[l.id] !== 'passed' && states[l.id] !== 'failing') continue;
      const text = explainCause(course, lessonProgress, l.id);
      const root = causeChain(course, lessonProgress, l.id).at(-1) as string;
      if (text) out[l.id] = { root, number: course.lessons.findIndex((x) => x.id === root) + 1, text };
    }
    return out;
  }, [course, lessonProgress, states]);
  const selectedId = useUiStore((s) => s.selectedLessonId);
  const selectLesson = useUiStore((s) => s.selectLesson);
  const lessons = course?.lessons ?? [];
  const selectedIndex = course ? lessonIndex(course, selectedId) : -1;
  const [focusIndex, setFocusIndex] = useState(0);
  const items = useRef<(HTMLButtonElement | null)[]>([]);

  // The tab stop follows the open lesson when it changes from elsewhere (pager, shortcuts).
  useEffect(() => {
    if (selectedIndex >= 0) setFocusIndex(selectedIndex);
  }, [selectedIndex]);

  const tabStop = Math.min(focusIndex, Math.max(lessons.length - 1, 0));

  const onKeyDown = (e: KeyboardEvent<HTMLOListElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey || lessons.length === 0) return;
    let next: number;
    switch (e.key) {
      case 'ArrowDown':
        next = Math.min(tabStop + 1, lessons.length - 1);
        break;
      case 'ArrowUp':
        next = Math.max(tabStop - 1, 0);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = lessons.length - 1;
        break;
      default:
        return;
    }
    e.preventDefault();
    setFocusIndex(next);
    items.current[next]?.focus();
  };

  const leftOutAt = (position: number): ReactNode =>
    leftOut.filter((l) => l.position === position).map((l) => <LeftOutItem key={`left-out:${l.file}`} entry={l} />);

  return (
    <ol className="lesson-list" data-testid="lesson-list" onKeyDown={onKeyDown}>
      {lessons.map((lesson, i) => [
        leftOutAt(i),
        <LessonListItem
          key={lesson.id}
          ref={(el) => {
            items.current[i] = el;
          }}
          lesson={lesson}
          number={i + 1}
          state={states?.[lesson.id] ?? 'open'}
          cause={causes[lesson.id]}
          current={i === selectedIndex}
          tabbable={i === tabStop}
          onFocus={() => setFocusIndex(i)}
          onOpen={() => selectLesson(lesson.id)}
        />,
      ])}
      {leftOutAt(lessons.length)}
    </ol>
  );
}

function LeftOutItem({ entry }: { entry: LeftOutLesson }) {
  return (
    <li className="lesson-list__row">
      <div className="lesson-item lesson-item--left-out" data-testid={`lesson-left-out-${entry.file}`}>
        <span className="lesson-item__number" aria-hidden="true">
          !
        </span>
        <span className="lesson-item__title">
          {entry.title ?? entry.file}
          <span className="lesson-item__note">Left out: {entry.file} has a problem (listed above the lesson)</span>
        </span>
        <WarningIcon />
      </div>
    </li>
  );
}
