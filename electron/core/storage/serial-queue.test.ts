// Tasks of one queue (or one key) run one at a time in call order, whatever their speed;
// a failure reaches its caller and the queue goes on.
import { describe, expect, it } from 'vitest';
import { KeyedQueue, SerialQueue } from './serial-queue';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A task that notes its start and end; earlier tasks take longer, so overlap would reorder the log. */
function tracer() {
  const log: string[] = [];
  let running = 0;
  let overlap = false;
  const task = (name: string, ms: number) => async () => {
    running++;
    overlap ||= running > 1;
    log.push(`start ${name}`);
    await tick(ms);
    log.push(`end ${name}`);
    running--;
    return name;
  };
  return { log, task, overlapped: () => overlap };
}

describe('SerialQueue', () => {
  it('runs tasks one at a time in call order and hands each caller its result', async () => {
    const q = new SerialQueue();
    const t = tracer();
    const results = await Promise.all([q.run(t.task('a', 30)), q.run(t.task('b', 10)), q.run(t.task('c', 0))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(t.log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(t.overlapped()).toBe(false);
  });

  it('goes on after a failed task; the failure reaches only its own caller', async () => {
    const q = new SerialQueue();
    const failed = q.run(async () => {
      throw new Error('disk full');
    });
    const next = q.run(async () => 'written');
    await expect(failed).rejects.toThrow('disk full');
    await expect(next).resolves.toBe('written');
  });
});

describe('KeyedQueue', () => {
  it('orders the tasks of one key and lets other keys run meanwhile', async () => {
    const q = new KeyedQueue();
    const t = tracer();
    await Promise.all([
      q.run('etcd.tar.gz', t.task('a', 30)),
      q.run('node.tar.gz', t.task('x', 0)),
      q.run('etcd.tar.gz', t.task('b', 0)),
    ]);
    expect(t.log).toEqual(['start a', 'start x', 'end x', 'end a', 'start b', 'end b']);
  });

  it('runs the next task of a key after a failure, and a key can be used again once idle', async () => {
    const q = new KeyedQueue();
    const failed = q.run('k', async () => {
      throw new Error('boom');
    });
    const after = q.run('k', async () => 1);
    await expect(failed).rejects.toThrow('boom');
    await expect(after).resolves.toBe(1);
    await expect(q.run('k', async () => 2)).resolves.toBe(2);
  });
});
