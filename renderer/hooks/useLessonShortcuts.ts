// Alt+ArrowDown / Alt+ArrowUp anywhere, and ] / [ outside text fields: next / previous lesson.
import { useEffect } from 'react';
import { neighbours } from '../lib/lessons';
import { useCourseStore } from '../stores/course';
import { useUiStore } from '../stores/ui';

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

export function direction(e: KeyboardEvent): 'next' | 'previous' | null {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey) return null;
  if (e.altKey && !e.shiftKey) {
    if (e.key === 'ArrowDown') return 'next';
    if (e.key === 'ArrowUp') return 'previous';
    return null;
  }
  if (e.altKey || isTextEntry(e.target)) return null;
  if (e.key === ']') return 'next';
  if (e.key === '[') return 'previous';
  return null;
}

export function useLessonShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const dir = direction(e);
      if (!dir) return;
      const course = useCourseStore.getState().course;
      const ui = useUiStore.getState();
      if (!course) return;
      const target = neighbours(course, ui.selectedLessonId)[dir];
      if (!target) return;
      e.preventDefault();
      ui.selectLesson(target.id, { focusContent: true });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
