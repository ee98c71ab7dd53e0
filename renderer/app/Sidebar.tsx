// Left column: course title, overall progress, the ways to the Hosts screen and the
// cluster map, the lesson list, the theme switch and where the terminals sit.
import { WatchSetting } from '../features/checkpoints/WatchSetting';
import { DrillList } from '../features/drills/DrillList';
import { ClusterMapButton } from '../features/cluster-map/ClusterMapButton';
import { HostsButton } from '../features/hosts/HostsButton';
import { CourseProgress } from '../features/lessons/CourseProgress';
import { LessonList } from '../features/lessons/LessonList';
import { useCourseStore } from '../features/lessons/course-store';
import { TerminalPlacement } from './TerminalPlacement';
import { ThemeToggle } from './ThemeToggle';
import { useUiStore } from './ui-store';

export function Sidebar() {
  const title = useCourseStore((s) => s.course?.title);
  const closeClusterMap = useUiStore((s) => s.closeClusterMap);
  return (
    <aside className="sidebar">
      <header className="sidebar__header">
        <p className="sidebar__app">Kubernetes tutor</p>
        <p className="sidebar__course">{title ?? 'Loading course…'}</p>
        <CourseProgress />
        <HostsButton />
        <ClusterMapButton />
      </header>
      {/* Any lesson picked here, even the one already open, replaces the cluster map. */}
      <nav className="sidebar__nav" aria-label="Lessons" onClickCapture={closeClusterMap}>
        <LessonList />
        <DrillList />
      </nav>
      <footer className="sidebar__footer">
        <div className="sidebar__toggles">
          <ThemeToggle />
          <TerminalPlacement />
          <WatchSetting />
        </div>
        <p className="sidebar__keys">
          <kbd>[</kbd> <kbd>]</kbd> or <kbd>Alt</kbd>+<kbd>↑</kbd>/<kbd>↓</kbd> change lesson
        </p>
      </footer>
    </aside>
  );
}
