// Live reload for course authors: when a file in the course folder changes, the course is
// loaded again and takes the place of the old one. Core's services all hold the one Course
// object, so its fields are replaced in place and every service sees the new lessons at
// once; results of checks whose definition changed are cleared (the others keep theirs),
// and the windows get the new course with a sentence saying what changed.
import path from 'node:path';
import type { CourseReloaded, CourseView } from '../../../common/api';
import type { Course, Lesson } from '../../../common/course';
import type { EventBus } from '../events';
import { type LoadedCourse, loadCourse } from '../lessons';
import type { CourseDirs } from '../lessons/course-dir';
import { watchFolder } from '../lessons/watch-folder';
import { type ChangedChecks, changedChecks, describeChangedChecks } from './course-diff';
import { courseDrills, setCourseDrills } from '../lessons/course-drills';

export interface CourseReloaderDeps {
  dirs: CourseDirs;
  /** The live course every service holds; a reload replaces its fields. */
  course: Course;
  setView(view: CourseView): void;
  events: EventBus;
  /** Removes the stored results of these checks. */
  clearChecks(changed: ChangedChecks[]): Promise<void>;
  load?: (dirs: CourseDirs) => Promise<LoadedCourse>;
}

export interface CourseReloader {
  /** Loads the course again now; `files` name what changed (for the message). */
  reload(files: string[]): Promise<CourseReloaded>;
  /** Starts following the course folder (and its assets folder) on disk. */
  watch(): void;
  close(): void;
}

export function createCourseReloader(deps: CourseReloaderDeps): CourseReloader {
  const load = deps.load ?? ((dirs: CourseDirs) => loadCourse(dirs.lessonsDir, { assetsDir: dirs.assetsDir }));
  // The last version of each lesson that loaded, to compare a lesson that was left out
  // for a while with what it was before.
  const known = new Map<string, Lesson>(deps.course.lessons.map((l) => [l.id, l]));
  const watches: { close(): void }[] = [];
  // Reloads run one at a time, and a burst during a reload is folded into one more.
  let running: Promise<unknown> = Promise.resolve();

  async function reloadNow(files: string[]): Promise<CourseReloaded> {
    const loaded = await load(deps.dirs);
    const before = deps.course.id;
    const cleared = changedChecks(known, loaded.course);
    for (const lesson of loaded.course.lessons) known.set(lesson.id, lesson);
    // The id names the progress file, which is chosen at start: keep it until a restart.
    Object.assign(deps.course, loaded.course, { id: before });
    // The whole drills live beside the course object (never in what the renderer gets).
    setCourseDrills(deps.course, loaded.course.drills ? courseDrills(loaded.course) : undefined);
    const view: CourseView = { course: deps.course, problems: loaded.problems, leftOut: loaded.leftOut };
    deps.setView(view);
    if (cleared.length > 0) await deps.clearChecks(cleared);
    const message = reloadMessage(files, loaded, cleared, before);
    const event: CourseReloaded = { view, message, clearedChecks: cleared };
    deps.events.emit('course:changed', event);
    return event;
  }

  return {
    reload(files) {
      const next = running.then(() => reloadNow(files));
      running = next.catch(() => undefined);
      return next;
    },
    watch() {
      const onChange = (files: string[]) => {
        const relevant = files.filter(isCourseFile);
        if (relevant.length > 0) void this.reload(relevant).catch(() => undefined);
      };
      watches.push(watchFolder(deps.dirs.lessonsDir, onChange));
      // Drills usually sit in a folder of their own (drills/): it is followed too.
      const drillDirs = new Set((deps.course.drills ?? []).map((d) => path.dirname(d.file)).filter((d) => d !== '.'));
      for (const sub of drillDirs) {
        watches.push(watchFolder(path.join(deps.dirs.lessonsDir, sub), (files) => onChange(files.map((f) => (f === '' ? '' : path.join(sub, f))))));
      }
    },
    close() {
      for (const w of watches.splice(0)) w.close();
    },
  };
}

/** Lesson files and course.yaml; not editors' swap and test files. '' when the OS gave no name. */
export function isCourseFile(name: string): boolean {
  return name === '' || (/\.(md|ya?ml)$/i.test(name) && !name.startsWith('.'));
}

function reloadMessage(files: string[], loaded: LoadedCourse, cleared: ChangedChecks[], keptId: string): string {
  const named = files.filter((f) => f !== '');
  const parts = [named.length > 0 ? `Reloaded the course (${named.join(', ')} changed).` : 'Reloaded the course.'];
  if (cleared.length > 0) parts.push(`Changed checks start over: ${describeChangedChecks(cleared, loaded.course)}.`);
  if (loaded.problems.length > 0) {
    parts.push(loaded.problems.length === 1 ? 'One problem to fix: see the list above the lesson.' : `${loaded.problems.length} problems to fix: see the list above the lesson.`);
  }
  if (loaded.course.id !== '' && loaded.course.id !== keptId) {
    parts.push(`course.yaml now gives the id "${loaded.course.id}": restart the app to keep that course's progress apart.`);
  }
  return parts.join(' ');
}
