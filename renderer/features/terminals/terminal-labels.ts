// Words for a terminal tab's connection state. Pure, so it is tested without a DOM.
import type { TerminalState } from '../../../common/api';

/** A tab's phase: the backend's states, plus "not opened yet" and "asking core to open". */
export type TerminalPhase = 'idle' | 'opening' | TerminalState;

/** Core says "retrying in 4 s (attempt 3)": when that retry is due, in ms since the epoch. */
export function retryDeadline(detail: string | undefined, receivedAt: number): number | undefined {
  const match = detail ? /retrying in (\d+(?:\.\d+)?) ?s\b/.exec(detail) : null;
  return match ? receivedAt + Number(match[1]) * 1000 : undefined;
}

/** The short label beside a tab's dot: "connected", "reconnecting in 3 s", … */
export function stateLabel(phase: TerminalPhase, retryAt: number | undefined, now: number): string {
  switch (phase) {
    case 'idle':
      return 'not started';
    case 'opening':
    case 'connecting':
      return 'connecting';
    case 'reconnecting': {
      if (retryAt === undefined) return 'reconnecting…';
      const seconds = Math.ceil((retryAt - now) / 1000);
      return seconds > 0 ? `reconnecting in ${seconds} s` : 'reconnecting…';
    }
    default:
      return phase;
  }
}

/** The value of data-state on a tab: core's state names; a tab never opened is "idle". */
export function dataState(phase: TerminalPhase): string {
  return phase === 'opening' ? 'connecting' : phase;
}

/** Whether the Reconnect button shows. */
export function canReconnect(phase: TerminalPhase): boolean {
  return phase === 'disconnected' || phase === 'closed';
}
