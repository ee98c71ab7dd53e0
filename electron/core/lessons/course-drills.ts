// The whole drills of a course (hints, explanation, inject and undo steps) are kept beside
// the Course object, never in it: the Course travels to the renderer (getCourse, the
// course:changed event), and a drill's secrets must stay in core until the learner earns
// them (drill-service.ts hands them out). The Course carries each drill's summary.
import type { Course } from '../../../common/course';
import { type Drill, drillSummary } from '../../../common/drill';

const whole = new WeakMap<Course, Drill[]>();

/** Sets a course's drills: the summaries on the course, the whole drills beside it. */
export function setCourseDrills(course: Course, drills: Drill[] | undefined): void {
  if (drills === undefined) {
    delete course.drills;
    whole.delete(course);
    return;
  }
  course.drills = drills.map(drillSummary);
  whole.set(course, drills);
}

/** The whole drills of a course (none for a course without drills). */
export function courseDrills(course: Course): Drill[] {
  return whole.get(course) ?? [];
}
