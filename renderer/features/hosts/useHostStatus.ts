// The status of one role (for the sidebar dots and the card headers), from the saved
// profile and the last connection test.
import { hostStatus, type HostStatus } from './host-report';
import { useHostsStore } from './hosts-store';

export function useHostStatus(role: string): HostStatus {
  const summary = useHostsStore((s) => s.hosts.find((h) => h.role === role));
  const test = useHostsStore((s) => s.tests[role]);
  return hostStatus(summary, test);
}

/** Where passwords go depends on the host the renderer runs in. */
export function runtimeHost(): 'electron' | 'browser' {
  return typeof window !== 'undefined' && window.tutorBridge ? 'electron' : 'browser';
}
