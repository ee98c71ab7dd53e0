// A role's connection state as a small coloured dot; the words go beside it or into the
// button's accessible name.
import { HOST_STATUS_WORDS, type HostStatus } from './host-report';

/** `testId`: only the sidebar's dots carry `host-dot-<role>`, so each test id stays unique. */
export function StatusDot({ role, status, testId = false }: { role: string; status: HostStatus; testId?: boolean }) {
  return (
    <span
      className={`host-dot host-dot--${status}`}
      data-testid={testId ? `host-dot-${role}` : undefined}
      data-status={status}
      title={`${role}: ${HOST_STATUS_WORDS[status]}`}
      aria-hidden="true"
    />
  );
}
