// Why a role's VM could not be saved or reached, in a role="alert" box with what to try.
import { ShieldAlertIcon } from '../../ui/icons';
import { InlineCode } from './InlineCode';
import type { HostProblem } from './host-report';

export function HostProblemBox({ role, problem }: { role: string; problem: HostProblem }) {
  return (
    <div className={`host-problem host-problem--${problem.kind}`} role="alert" data-testid={`host-error-${role}`} data-kind={problem.kind}>
      <ShieldAlertIcon className="host-problem__icon" />
      <div className="host-problem__body">
        <p className="host-problem__title">{problem.title}</p>
        {problem.message && <p className="host-problem__message">{problem.message}</p>}
        {problem.hints.length > 0 && (
          <ul className="host-problem__hints">
            {problem.hints.map((hint) => (
              <li key={hint}>
                <InlineCode text={hint} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
