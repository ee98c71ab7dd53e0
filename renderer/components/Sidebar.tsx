// Left column: course title, overall progress, the way to the Hosts screen, the lesson
// list, the theme switch and where the terminals sit.
import { useCourseStore } from '../stores/course';
import { CourseProgress } from './CourseProgress';
import { HostsButton } from './hosts/HostsButton';
import { TerminalPlacement } from './hosts/TerminalPlacement';
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
        <HostsButton />
      </header>
      <nav className="sidebar__nav" aria-label="Lessons">
        <LessonList />
      </nav>
      <footer className="sidebar__footer">
        <div className="sidebar__toggles">
          <ThemeToggle />
          <TerminalPlacement />
        </div>
        <p className="sidebar__keys">
          <kbd>[</kbd> <kbd>]</kbd> or <kbd>Alt</kbd>+<kbd>↑</kbd>/<kbd>↓</kbd> change lesson
        </p>
      </footer>
    </aside>
  );
}
