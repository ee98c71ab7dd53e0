// Small line icons, drawn inline so they follow the text colour. Decorative: the text
// beside each one says the same thing.
import type { ReactNode } from 'react';

/** The 16×16 line frame every icon draws in (also the features' own icons). */
export function Svg({ children, className }: { children: ReactNode; className?: string }) {
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

export const LockIcon = ({ className }: { className?: string }) => (
  <Svg className={className}>
    <rect x="3.25" y="7" width="9.5" height="6.75" rx="1.5" />
    <path d="M5.5 7V5.25a2.5 2.5 0 0 1 5 0V7" />
  </Svg>
);

export const OpenIcon = ({ className }: { className?: string }) => (
  <Svg className={className}>
    <circle cx="8" cy="8" r="5.25" />
  </Svg>
);

export const PassedIcon = ({ className }: { className?: string }) => (
  <Svg className={className}>
    <circle cx="8" cy="8" r="6" fill="currentColor" stroke="none" />
    <path className="icon__tick" d="M5.25 8.25l1.9 1.9 3.6-3.9" strokeWidth="1.75" />
  </Svg>
);

export const CopyIcon = () => (
  <Svg>
    <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
    <path d="M10.5 3.5v-.25A1.25 1.25 0 0 0 9.25 2h-6A1.25 1.25 0 0 0 2 3.25v6a1.25 1.25 0 0 0 1.25 1.25h.25" />
  </Svg>
);

export const CheckIcon = () => (
  <Svg>
    <path d="M3.5 8.5l3 3 6-6.5" />
  </Svg>
);

export const PlayIcon = () => (
  <Svg>
    <path d="M5 3.5v9l7-4.5z" fill="currentColor" />
  </Svg>
);

export const InfoIcon = () => (
  <Svg>
    <circle cx="8" cy="8" r="6" />
    <path d="M8 7.25v3.75M8 5h.01" />
  </Svg>
);

export const WarningIcon = () => (
  <Svg>
    <path d="M8 2.25l6 10.5H2z" />
    <path d="M8 6.5v2.75M8 11h.01" />
  </Svg>
);

export const CloseIcon = () => (
  <Svg>
    <path d="M4 4l8 8M12 4l-8 8" />
  </Svg>
);

export const ArrowLeftIcon = () => (
  <Svg>
    <path d="M13 8H3M7 4L3 8l4 4" />
  </Svg>
);

export const ArrowRightIcon = () => (
  <Svg>
    <path d="M3 8h10M9 4l4 4-4 4" />
  </Svg>
);

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

export const ResetIcon = ({ className }: { className?: string }) => (
  <Svg className={className}>
    <path d="M2.75 3.5v3h3" />
    <path d="M3.1 6.5A5.25 5.25 0 1 1 3.5 10.5" />
  </Svg>
);

export const ClusterIcon = ({ className }: { className?: string }) => (
  <Svg className={className}>
    <rect x="1.75" y="2.5" width="5.5" height="4.5" rx="1" />
    <rect x="8.75" y="2.5" width="5.5" height="4.5" rx="1" />
    <rect x="5.25" y="10" width="5.5" height="4" rx="1" />
    <path d="M4.5 7v1.5h7V7M8 8.5V10" />
  </Svg>
);
