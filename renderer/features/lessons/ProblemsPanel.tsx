// Problems in the course's files, as file:line:col message, above every screen (the
// first-run guide included) until they are fixed: authors see each edit's result at once.
import { formatProblem } from '../../../common/course';
import { WarningIcon } from '../../ui/icons';
import { useCourseStore } from './course-store';

export function ProblemsPanel() {
  const problems = useCourseStore((s) => s.problems);
  if (problems.length === 0) return null;
  return (
    <section className="problems" aria-labelledby="problems-heading" data-testid="lesson-problems">
      <h2 id="problems-heading" className="problems__heading">
        <WarningIcon />
        {problems.length === 1 ? 'A lesson file has a problem' : `Lesson files have ${problems.length} problems`}
      </h2>
      <p className="problems__hint">A lesson with a problem is marked in the list and left out until it is fixed; save the file and it comes back.</p>
      <ul className="problems__list">
        {problems.map((p, i) => (
          <li key={i}>
            <code>{formatProblem(p)}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
