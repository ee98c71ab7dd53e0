// The pool's bookkeeping with fake connections: sharing one dial, forgetting closed
// connections, settings changes that outdate a dial under way, and shutdown.
import { describe, expect, it } from 'vitest';
import type { SshConnection } from '../ssh/connection';
import { ConnectionPool } from './connection-pool';

class FakeConnection {
  closed = false;
  closeReason: string | undefined;
  private listeners: Array<() => void> = [];
  onClose(listener: () => void) { this.listeners.push(listener); }
  close(reason?: string) {
    this.closed = true;
    this.closeReason = reason;
    for (const l of this.listeners) l();
  }
}

/** A dial the test finishes by hand. */
function manualDial() {
  const pending: Array<{ role: string; resolve: (c: FakeConnection) => void; reject: (e: Error) => void }> = [];
  const dial = (role: string) => new Promise<SshConnection>((resolve, reject) => {
    pending.push({ role, resolve: (c) => resolve(c as unknown as SshConnection), reject });
  });
  return { dial, pending };
}

/** A pool whose worker connection is open. */
async function poolWithWorker() {
  const { dial, pending } = manualDial();
  const pool = new ConnectionPool(dial);
  const opened = pool.get('worker');
  const conn = new FakeConnection();
  pending[0]!.resolve(conn);
  await opened;
  return { pool, pending, conn };
}

describe('connection pool', () => {
  it('shares one dial among everyone who asks while it opens, then reuses the connection', async () => {
    const { dial, pending } = manualDial();
    const pool = new ConnectionPool(dial);
    const first = pool.get('worker');
    const second = pool.get('worker');
    expect(pending).toHaveLength(1);
    expect(pool.state('worker')).toBe('connecting');
    const conn = new FakeConnection();
    pending[0]!.resolve(conn);
    expect(await first).toBe(conn);
    expect(await second).toBe(conn);
    expect(pool.state('worker')).toBe('connected');
    expect(await pool.get('worker')).toBe(conn);
    expect(pending).toHaveLength(1);
    expect(pool.state('master')).toBe('disconnected');
  });

  it('dials again once the connection has closed, and after a failed dial', async () => {
    const { dial, pending } = manualDial();
    const pool = new ConnectionPool(dial);
    const failed = pool.get('worker');
    pending[0]!.reject(new Error('unreachable'));
    await expect(failed).rejects.toThrow('unreachable');
    expect(pool.state('worker')).toBe('disconnected');

    const next = pool.get('worker');
    const conn = new FakeConnection();
    pending[1]!.resolve(conn);
    await next;
    conn.close('dropped');
    expect(pool.state('worker')).toBe('disconnected');
    void pool.get('worker');
    expect(pending).toHaveLength(3);
  });

  it('disconnect closes with the reason and outdates the settings a dial started with', async () => {
    const { pool, conn } = await poolWithWorker();
    const generation = pool.generation('worker');
    expect(pool.isCurrent('worker', generation)).toBe(true);
    pool.disconnect('worker', 'settings changed');
    expect(conn.closeReason).toBe('settings changed');
    expect(pool.state('worker')).toBe('disconnected');
    expect(pool.isCurrent('worker', generation)).toBe(false);
    expect(pool.isCurrent('worker', pool.generation('worker'))).toBe(true);
    expect(pool.isCurrent('master', pool.generation('master'))).toBe(true);
  });

  it('dispose closes every connection, waits for dials under way and refuses new ones', async () => {
    const { pool, pending, conn } = await poolWithWorker();
    const master = pool.get('master');
    const generation = pool.generation('master');
    let disposed = false;
    const disposing = pool.dispose('closing').then(() => { disposed = true; });
    expect(conn.closeReason).toBe('closing');
    expect(pool.isCurrent('master', generation)).toBe(false);
    await Promise.resolve();
    expect(disposed).toBe(false);
    pending[1]!.reject(new Error('gave up'));
    await expect(master).rejects.toThrow('gave up');
    await disposing;
    await expect(pool.get('worker')).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', message: 'The app is shutting down.' });
  });
});
