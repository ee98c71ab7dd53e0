// One shared, logged-in SSH connection per course role: opened on demand, one dial shared
// by everyone who asks while it opens, forgotten when it closes or its settings change.
import { ApiError } from '../../../common/errors';
import type { SshConnection } from '../ssh/connection';

export type ConnectionState = 'disconnected' | 'connecting' | 'connected';

export class ConnectionPool {
  private readonly open = new Map<string, SshConnection>();
  private readonly opening = new Map<string, Promise<SshConnection>>();
  /** Bumped whenever a role's settings change, so a connect that started before is not kept. */
  private readonly generations = new Map<string, number>();
  private disposed = false;

  /** `dial` opens a new connection with the role's current settings. */
  constructor(private readonly dial: (role: string) => Promise<SshConnection>) {}

  /** The version of the role's settings, to compare with isCurrent once a dial is done. */
  generation(role: string): number {
    return this.generations.get(role) ?? 0;
  }

  /** The settings are still those of `generation`, and the pool is not disposed. */
  isCurrent(role: string, generation: number): boolean {
    return !this.disposed && this.generation(role) === generation;
  }

  /** The role's shared connection, dialled when there is none. */
  get(role: string): Promise<SshConnection> {
    if (this.disposed) return Promise.reject(new ApiError('FAILED_PRECONDITION', 'The app is shutting down.'));
    const existing = this.open.get(role);
    if (existing && !existing.closed) return Promise.resolve(existing);
    let pending = this.opening.get(role);
    if (!pending) {
      pending = this.openFor(role).finally(() => this.opening.delete(role));
      this.opening.set(role, pending);
    }
    return pending;
  }

  state(role: string): ConnectionState {
    const conn = this.open.get(role);
    if (conn && !conn.closed) return 'connected';
    return this.opening.has(role) ? 'connecting' : 'disconnected';
  }

  /** The role's settings changed (or the learner asked): close its connection; a dial under way is not kept. */
  disconnect(role: string, reason?: string): void {
    this.generations.set(role, this.generation(role) + 1);
    const conn = this.open.get(role);
    this.open.delete(role);
    conn?.close(reason);
  }

  /** Closes every connection with `reason` and waits for the dials under way to end. */
  async dispose(reason: string): Promise<void> {
    this.disposed = true;
    for (const role of [...this.open.keys()]) this.disconnect(role, reason);
    await Promise.allSettled([...this.opening.values()]);
  }

  private async openFor(role: string): Promise<SshConnection> {
    const conn = await this.dial(role);
    this.open.set(role, conn);
    conn.onClose(() => {
      if (this.open.get(role) === conn) this.open.delete(role);
    });
    return conn;
  }
}
