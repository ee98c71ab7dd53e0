// One notice. Warnings and errors stay until dismissed; an info note fades after a while.
import { useEffect } from 'react';
import { CloseIcon, InfoIcon, WarningIcon } from '../ui/icons';
import { useCourseStore } from '../features/lessons/course-store';
import { type Notice, useNoticesStore } from './notices-store';
import { useUiStore } from './ui-store';

const LEVEL_WORDS = { info: 'Note', warning: 'Warning', error: 'Error' } as const;
const INFO_SECONDS = 12;

export function NoticeItem({ notice }: { notice: Notice }) {
  const dismiss = useNoticesStore((s) => s.dismiss);
  const { id, level, message, count, lessonId } = notice;
  const selectLesson = useUiStore((s) => s.selectLesson);
  const number = useCourseStore((s) => (lessonId ? (s.course?.lessons.findIndex((l) => l.id === lessonId) ?? -1) + 1 : 0));

  useEffect(() => {
    if (level !== 'info') return;
    const t = setTimeout(() => dismiss(id), INFO_SECONDS * 1000);
    return () => clearTimeout(t);
  }, [id, level, count, dismiss]);

  return (
    <div className={`notice notice--${level}`} role="alert" data-testid="notice" data-level={level}>
      <span className="notice__icon">{level === 'info' ? <InfoIcon /> : <WarningIcon />}</span>
      <p className="notice__message">
        <span className="visually-hidden">{LEVEL_WORDS[level]}: </span>
        {message}
        {count > 1 && <span className="notice__count"> (×{count})</span>}
        {lessonId && number > 0 && (
          <>
            {' '}
            <button
              type="button"
              className="link-button notice__go"
              data-testid="notice-open-lesson"
              onClick={() => {
                selectLesson(lessonId, { focusContent: true });
                dismiss(id);
              }}
            >
              Go to lesson {number}
            </button>
          </>
        )}
      </p>
      <button type="button" className="notice__dismiss" onClick={() => dismiss(id)} aria-label="Dismiss notice">
        <CloseIcon />
      </button>
    </div>
  );
}
