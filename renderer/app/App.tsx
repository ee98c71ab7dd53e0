// The frame: skip link, sidebar, the main column (lesson, hosts screen, cluster map or
// first-run guide) beside a resizable terminal pane, notices, and the host-key dialog.
import { type MouseEvent, Suspense, lazy, useRef } from 'react';
import { FailingBanner } from '../features/checkpoints/FailingBanner';
import { FirstRunGuide } from '../features/hosts/FirstRunGuide';
import { HostKeyDialog } from '../features/hosts/HostKeyDialog';
import { useHostsStore } from '../features/hosts/hosts-store';
import { LessonView } from '../features/lessons/LessonView';
import { ProblemsPanel } from '../features/lessons/ProblemsPanel';
import { useCourseStore } from '../features/lessons/course-store';
import { useLessonShortcuts } from '../features/lessons/useLessonShortcuts';
import { ConnectionBanner } from './ConnectionBanner';
import { NoticeList } from './NoticeList';
import { PaneSplitter } from './PaneSplitter';
import { Sidebar } from './Sidebar';
import { useUiStore } from './ui-store';
import { useApplyTheme } from './useApplyTheme';

// Screens the first paint does not need are separate chunks, loaded when first shown: the
// first start draws the sidebar and the lesson or the first-run guide (whose VM guide is
// lazy too) from the entry chunk alone. The terminals (xterm and its WebGL renderer, the
// largest part of the app) wait until the course has loaded, so that their download and
// evaluation come after the first lesson is drawn.
const HostsView = lazy(async () => ({ default: (await import('../features/hosts/HostsView')).HostsView }));
const ClusterMapView = lazy(async () => ({ default: (await import('../features/cluster-map/ClusterMapView')).ClusterMapView }));
const DrillView = lazy(async () => ({ default: (await import('../features/drills/DrillView')).DrillView }));
const TerminalPanel = lazy(async () => ({ default: (await import('../features/terminals/TerminalPanel')).TerminalPanel }));

function skipToContent(e: MouseEvent<HTMLAnchorElement>) {
  const target =
    document.getElementById('lesson-title') ??
    document.getElementById('hosts-title') ??
    document.getElementById('cluster-title') ??
    document.getElementById('lesson-content') ??
    document.getElementById('hosts-content') ??
    document.getElementById('cluster-content');
  if (!target) return;
  e.preventDefault();
  target.focus();
  target.scrollIntoView({ block: 'start' });
}

/** What shows while a screen's chunk loads (a few ms from this computer). */
function Loading() {
  return <main id="lesson-content" className="main" tabIndex={-1} aria-busy="true" />;
}

function CurrentScreen() {
  return (
    <Suspense fallback={<Loading />}>
      <Screen />
    </Suspense>
  );
}

function Screen() {
  const view = useUiStore((s) => s.view);
  const firstRun = useUiStore((s) => s.firstRun);
  const course = useCourseStore((s) => s.course);
  if (view === 'hosts') return <HostsView />;
  if (view === 'cluster-map') return <ClusterMapView />;
  if (view === 'drill') return <DrillView />;
  if (firstRun === 'show' && course && course.hosts.length > 0) return <FirstRunGuide course={course} />;
  // The lesson, with the "passed before, fails now" banner above its scrolling column.
  return (
    <>
      <FailingBanner />
      <LessonView />
    </>
  );
}

/** The course's problems (if any) above whichever screen is open. */
function MainColumn() {
  return (
    <div className="main-column">
      <ProblemsPanel />
      <CurrentScreen />
    </div>
  );
}

/** The terminal panel, from the first time the course has loaded (or failed to) on. */
function Terminals() {
  const settled = useCourseStore((s) => s.course !== null || s.status === 'failed');
  const shown = useRef(false);
  if (settled) shown.current = true;
  if (!shown.current) return null;
  return (
    <Suspense fallback={null}>
      <TerminalPanel />
    </Suspense>
  );
}

/** The main column and the terminals, side by side or stacked, with a splitter between. */
function Workspace() {
  const placement = useUiStore((s) => s.terminalPlacement);
  const size = useUiStore((s) => (placement === 'right' ? s.terminalSize.right : s.terminalSize.bottom));
  if (placement === 'hidden') {
    return (
      <div className="workspace workspace--hidden">
        <MainColumn />
      </div>
    );
  }
  return (
    <div className={`workspace workspace--${placement}`} style={{ ['--terminal-size' as string]: `${size}px` }}>
      <MainColumn />
      <PaneSplitter placement={placement} size={size} />
      <section className="workspace__terminal" aria-label="Terminals" data-testid="terminal-pane">
        <Terminals />
      </section>
    </div>
  );
}

export function App() {
  useApplyTheme();
  useLessonShortcuts();
  const modal = useHostsStore((s) => s.prompts.length > 0);
  return (
    <>
      <a className="skip-link" href="#lesson-content" onClick={skipToContent} inert={modal}>
        Skip to lesson
      </a>
      <ConnectionBanner />
      <div className="app" inert={modal}>
        <Sidebar />
        <Workspace />
      </div>
      <NoticeList />
      <HostKeyDialog />
    </>
  );
}
