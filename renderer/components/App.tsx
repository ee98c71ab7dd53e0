// The frame: skip link, lesson sidebar, lesson view, notices.
import type { MouseEvent } from 'react';
import { useApplyTheme } from '../hooks/useApplyTheme';
import { useLessonShortcuts } from '../hooks/useLessonShortcuts';
import { LessonView } from './LessonView';
import { NoticeList } from './NoticeList';
import { Sidebar } from './Sidebar';

function skipToContent(e: MouseEvent<HTMLAnchorElement>) {
  const target = document.getElementById('lesson-title') ?? document.getElementById('lesson-content');
  if (!target) return;
  e.preventDefault();
  target.focus();
  target.scrollIntoView({ block: 'start' });
}

export function App() {
  useApplyTheme();
  useLessonShortcuts();
  return (
    <>
      <a className="skip-link" href="#lesson-content" onClick={skipToContent}>
        Skip to lesson
      </a>
      <div className="app">
        <Sidebar />
        <LessonView />
      </div>
      <NoticeList />
    </>
  );
}
