// "3 of 12 lessons passed" with a bar. A teardown page is not part of the progress.
import { progressLessons } from '../../../common/course';
import { useCourseStore } from './course-store';
import { useProgressStore } from './progress-store';

export function CourseProgress() {
  const all = useCourseStore((s) => s.course?.lessons);
  const states = useProgressStore((s) => s.progress?.states);
  if (!all || all.length === 0 || !states) return null;
  const lessons = progressLessons(all);
  const passed = lessons.filter((l) => states[l.id] === 'passed').length;
  const label = `${passed} of ${lessons.length} ${lessons.length === 1 ? 'lesson' : 'lessons'} passed`;
  return (
    <div className="course-progress">
      <progress className="course-progress__bar" max={lessons.length} value={passed} aria-label={label} />
      <span className="course-progress__text" aria-hidden="true">
        {label}
      </span>
    </div>
  );
}
