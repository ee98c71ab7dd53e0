// Left column: course title, overall progress, the lesson list and the theme switch.
import { useCourseStore } from '../stores/course';
import { CourseProgress } from './CourseProgress';
import { LessonList } from './LessonList';
import { ThemeToggle } from './ThemeToggle';

export function Sidebar() {
  const title = useCourseStore((s) => s.course?.title);
  return (
    <aside className="sidebar">
      <header className="sidebar__header">
        <p className="sidebar__app">Kubernetes tutor</p>
        <p className="sidebar__course">{title ?? 'Loading course…'}</p>
        <CourseProgress />
      </header>
      <nav className="sidebar__nav" aria-label="Lessons">
        <LessonList />
      </nav>
      <footer className="sidebar__footer">
        <ThemeToggle />
        <p className="sidebar__keys">
          <kbd>[</kbd> <kbd>]</kbd> or <kbd>Alt</kbd>+<kbd>↑</kbd>/<kbd>↓</kbd> change lesson
        </p>
      </footer>
    </aside>
  );
}
