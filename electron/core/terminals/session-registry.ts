// The open terminal sessions by id, and the lookups the API needs: an unknown id is
// NOT_FOUND, and a target's newest live session is the one the learner's page shows.
import type { TerminalInfo, TerminalState } from '../../../common/api';
import { ApiError } from '../../../common/errors';

/** What the registry reads of a session. */
export interface RegisteredSession {
  readonly id: string;
  readonly target: string;
  readonly state: TerminalState;
  info(): TerminalInfo;
}

export class SessionRegistry<S extends RegisteredSession> {
  private readonly sessions = new Map<string, S>();

  add(session: S): void {
    this.sessions.set(session.id, session);
  }

  get(terminalId: string): S {
    const session = this.sessions.get(terminalId);
    if (!session) throw new ApiError('NOT_FOUND', `no terminal ${terminalId}`);
    return session;
  }

  delete(terminalId: string): void {
    this.sessions.delete(terminalId);
  }

  /** Every session, in the order they were opened. */
  all(): S[] {
    return [...this.sessions.values()];
  }

  list(): TerminalInfo[] {
    return this.all().map((session) => session.info());
  }

  /** The newest session of `target` that is not closed. */
  newestLive(target: string): S | undefined {
    let found: S | undefined;
    for (const session of this.sessions.values()) if (session.target === target && session.state !== 'closed') found = session;
    return found;
  }
}
