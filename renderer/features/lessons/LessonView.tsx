// The main column: whatever state the course is in, or the open lesson.
import { useEffect, useRef } from 'react';
import { useApi } from '../../app/api-context';
import { useUiStore } from '../../app/ui-store';
import { LessonArticle } from './LessonArticle';
import { loadCourse, useCourseStore } from './course-store';
import { useSelectedLesson } from './useSelectedLesson';

export function LessonView() {
  const api = useApi();
  const status = useCourseStore((s) => s.status);
  const error = useCourseStore((s) => s.error);
  const lessonCount = useCourseStore((s) => s.course?.lessons.length ?? 0);
  const selected = useSelectedLesson();
  const focusRequest = useUiStore((s) => s.focusRequest);
  const mainRef = useRef<HTMLElement>(null);
  const lessonId = selected?.lesson.id;

  // A new lesson starts at its top.
  useEffect(() => {
    mainRef.current?.scrollTo({ top: 0 });
  }, [lessonId]);

  // After Next/Previous or a shortcut, move focus to the new lesson's title.
  useEffect(() => {
    if (focusRequest > 0) document.getElementById('lesson-title')?.focus({ preventScroll: true });
  }, [focusRequest]);

  let content;
  if (status === 'loading') {
    content = (
      <p className="lesson-status" role="status">
        Loading the course…
      </p>
    );
  } else if (status === 'failed') {
    content = (
      <div className="lesson-status lesson-status--failed" role="alert">
        <h1 id="lesson-title" tabIndex={-1}>
          The course could not be loaded
        </h1>
        <p>
          <code>{error}</code>
        </p>
        <button type="button" className="button button--primary" onClick={() => void loadCourse(api)}>
          Try again
        </button>
      </div>
    );
  } else if (lessonCount === 0) {
    content = (
      <div className="lesson-status">
        <h1 id="lesson-title" tabIndex={-1}>
          No lessons to show
        </h1>
        <p>None of the course’s lesson files could be loaded. The problems are listed above; each lesson appears as soon as its file is fixed.</p>
      </div>
    );
  } else if (selected) {
    content = <LessonArticle key={selected.lesson.id} {...selected} />;
  } else if (status === 'ready') {
    // The open lesson's file was just broken (live reload): it comes back when fixed.
    content = (
      <div className="lesson-status" role="status">
        <h1 id="lesson-title" tabIndex={-1}>
          This lesson is left out for now
        </h1>
        <p>Its file has a problem, listed above. Fix it and save: the lesson comes back here by itself.</p>
      </div>
    );
  }

  return (
    <main id="lesson-content" className="main" data-testid="lesson-view" tabIndex={-1} ref={mainRef}>
      <div className="main__inner">
        {content}
      </div>
    </main>
  );
}
