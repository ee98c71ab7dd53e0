import { describe, expect, it } from 'vitest';
import { outputMismatch, withoutEcho } from './expected-output';

const HEALTH = 'ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 endpoint health';

describe('outputMismatch', () => {
  it('is met when the output contains each text or matches each /regex/', () => {
    const out = `root@kube-master:~# ${HEALTH}\nhttps://127.0.0.1:2379 is healthy: successfully committed proposal: took = 2.1ms\nroot@kube-master:~# `;
    expect(outputMismatch(['is healthy', '/took = [\\d.]+ms/'], out, HEALTH)).toBeUndefined();
  });

  it('names every expectation the output lacks', () => {
    const out = `root@kube-master:~# ${HEALTH}\n{"level":"warn","msg":"context deadline exceeded"}\nhttps://127.0.0.1:2379 is unhealthy: failed to commit proposal\n`;
    expect(outputMismatch(['is healthy', '/^ok$/m'], out, HEALTH)).toBe('the output lacks `is healthy` and `/^ok$/m`');
  });

  it('does not count the echo of the command itself', () => {
    const code = "echo checking; grep 'Status: Ready' /tmp/state";
    const out = `root@vm:~# ${code}\nchecking\nroot@vm:~# `;
    expect(outputMismatch(['Status: Ready'], out, code)).toBe('the output lacks `Status: Ready`');
    expect(outputMismatch(['Status: Ready'], `${out}\nStatus: Ready\n`, code)).toBeUndefined();
  });

  it('expects nothing from a block without expect=', () => {
    expect(outputMismatch(undefined, '', 'true')).toBeUndefined();
    expect(outputMismatch([], '', 'true')).toBeUndefined();
  });

  it('drops only the first echo of each line of a multi-line block', () => {
    expect(withoutEcho('$ a\n$ b\nb\nok', 'a\nb')).toBe('b\nok');
  });
});
