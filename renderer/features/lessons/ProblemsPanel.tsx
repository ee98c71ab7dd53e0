// Lesson files core could not load, as file:line:col message.
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
      <p className="problems__hint">Lessons with problems are left out of the course until they are fixed.</p>
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
