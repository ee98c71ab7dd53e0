// Icons for connection-test steps and host states, drawn like ../icons.tsx (inline SVG in
// the text colour). Decorative: the words beside each one say the same.
import type { ReactNode } from 'react';
import type { StepStatus } from '../../lib/host-report';

function Svg({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {children}
    </svg>
  );
}

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

export const ServerIcon = () => (
  <Svg>
    <rect x="2.25" y="2.5" width="11.5" height="4.5" rx="1.25" />
    <rect x="2.25" y="9" width="11.5" height="4.5" rx="1.25" />
    <path d="M5 4.75h.01M5 11.25h.01" strokeWidth="2" />
  </Svg>
);

export const KeyIcon = () => (
  <Svg>
    <circle cx="5.25" cy="10.75" r="2.75" />
    <path d="M7.25 8.75l6-6M11 5l1.75 1.75M9.5 6.5l1.25 1.25" />
  </Svg>
);

export const ShieldAlertIcon = ({ className }: { className?: string }) => (
  <Svg className={className}>
    <path d="M8 1.75l5.25 2v4c0 3.1-2.2 5.4-5.25 6.5-3.05-1.1-5.25-3.4-5.25-6.5v-4z" />
    <path d="M8 5.25v3.25M8 10.75h.01" strokeWidth="1.75" />
  </Svg>
);

export const ImportIcon = () => (
  <Svg>
    <path d="M8 2.5v7M5 6.75l3 3 3-3" />
    <path d="M2.75 10.5v1.75c0 .7.55 1.25 1.25 1.25h8c.7 0 1.25-.55 1.25-1.25V10.5" />
  </Svg>
);
