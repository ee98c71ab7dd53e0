// Alt+ArrowDown / Alt+ArrowUp anywhere, and ] / [ outside text fields: next / previous lesson.
import { useEffect } from 'react';
import { useUiStore } from '../../app/ui-store';
import { useCourseStore } from './course-store';
import { neighbours } from './lessons';
import { isTyping, lessonDirection } from './shortcuts';

export function useLessonShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const dir = lessonDirection({
        key: e.key,
        altKey: e.altKey,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        shiftKey: e.shiftKey,
        defaultPrevented: e.defaultPrevented,
        typing: isTyping(e.target),
      });
      const course = useCourseStore.getState().course;
      if (!dir || !course) return;
      const ui = useUiStore.getState();
      const target = neighbours(course, ui.selectedLessonId)[dir];
      if (!target) return;
      e.preventDefault();
      ui.selectLesson(target.id, { focusContent: true });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
