// A connection-test step's status as an icon: passed, failed, a warning, or skipped.
import { Svg } from '../../ui/icons';
import type { StepStatus } from './host-report';

export function StepIcon({ status }: { status: StepStatus }) {
  switch (status) {
    case 'pass':
      return (
        <Svg className="step-icon step-icon--pass">
          <circle cx="8" cy="8" r="6.25" fill="currentColor" stroke="none" />
          <path className="icon__tick" d="M5.25 8.25l1.9 1.9 3.6-3.9" strokeWidth="1.75" />
        </Svg>
      );
    case 'fail':
      return (
        <Svg className="step-icon step-icon--fail">
          <circle cx="8" cy="8" r="6.25" fill="currentColor" stroke="none" />
          <path className="icon__tick" d="M5.75 5.75l4.5 4.5M10.25 5.75l-4.5 4.5" strokeWidth="1.75" />
        </Svg>
      );
    case 'warn':
      return (
        <Svg className="step-icon step-icon--warn">
          <path d="M8 1.75l6.5 11.5h-13z" fill="currentColor" stroke="currentColor" />
          <path className="icon__tick" d="M8 6.25v3M8 11.25h.01" strokeWidth="1.75" />
        </Svg>
      );
    default:
      return (
        <Svg className="step-icon step-icon--skip">
          <circle cx="8" cy="8" r="5.75" strokeDasharray="2.2 2" />
          <path d="M5.5 8h5" />
        </Svg>
      );
  }
}
