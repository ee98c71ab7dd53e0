// A check's outcome as an icon: pass, fail, timeout, unreachable, error, running (the
// spinner) or not checked yet.
import { Svg } from '../../ui/icons';
import type { CheckTone } from './check-outcomes';

export function OutcomeIcon({ tone, className }: { tone: CheckTone; className?: string }) {
  const cls = className ? `outcome-icon ${className}` : 'outcome-icon';
  switch (tone) {
    case 'pass':
      return (
        <Svg className={cls}>
          <circle cx="8" cy="8" r="6.25" fill="currentColor" stroke="none" />
          <path d="M5.25 8.25l1.9 1.9 3.6-3.9" stroke="var(--icon-on-fill)" strokeWidth="1.75" />
        </Svg>
      );
    case 'fail':
      return (
        <Svg className={cls}>
          <circle cx="8" cy="8" r="6.25" fill="currentColor" stroke="none" />
          <path d="M5.75 5.75l4.5 4.5M10.25 5.75l-4.5 4.5" stroke="var(--icon-on-fill)" strokeWidth="1.75" />
        </Svg>
      );
    case 'timeout':
      return (
        <Svg className={cls}>
          <circle cx="8" cy="8.5" r="5.5" />
          <path d="M8 5.75V8.5l2 1.25M6.5 1.75h3" />
        </Svg>
      );
    case 'unreachable':
      return (
        <Svg className={cls}>
          <path d="M2 6.5a8.5 8.5 0 0 1 12 0M4.25 9a5.25 5.25 0 0 1 7.5 0M6.5 11.5a2 2 0 0 1 3 0" />
          <path d="M2.5 2.5l11 11" />
        </Svg>
      );
    case 'error':
      return (
        <Svg className={cls}>
          <rect x="2.25" y="2.25" width="11.5" height="11.5" rx="2.5" />
          <path d="M8 5v3.5M8 11h.01" />
        </Svg>
      );
    case 'running':
      return <span className={`${cls} check-spinner`} aria-hidden="true" />;
    case 'unchecked':
      return (
        <Svg className={cls}>
          <circle cx="8" cy="8" r="5.75" strokeDasharray="2.2 2.2" />
        </Svg>
      );
  }
}
