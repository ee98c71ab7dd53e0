import { describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../../../common/course';
import { runLessonChecks } from '../engine';
import { fakeAccess, recorded } from '../test-support';
import { parseListeners, portCommand } from './port';

async function replay(name: string, port: number, address?: string) {
  const rec = recorded(name);
  expect(portCommand(port)).toBe(rec.command);
  const [r] = await runLessonChecks([{ id: 'p', kind: 'port', host: 'master', port, ...(address ? { address } : {}) } as CheckSpec], fakeAccess(() => rec));
  return r!;
}

describe('port kind (recorded ss output)', () => {
  it('parses IPv4, IPv6, wildcard and %iface listeners', () => {
    expect(parseListeners(recorded('port-ssh-22').stdout)).toEqual([{ address: '0.0.0.0', port: 22 }, { address: '::', port: 22 }]);
    expect(parseListeners('LISTEN 0 4096 127.0.0.53%lo:53 0.0.0.0:*\nLISTEN 0 4096 *:6443 *:*\nLISTEN 0 4096 [::ffff:10.0.0.5]:2379 [::]:*\n'))
      .toEqual([{ address: '127.0.0.53', port: 53 }, { address: '*', port: 6443 }, { address: '10.0.0.5', port: 2379 }]);
  });

  it('something listens → pass; with an address covered by a wildcard → pass', async () => {
    expect((await replay('port-ssh-22', 22)).message).toBe('port 22 is open on 0.0.0.0, [::]');
    expect((await replay('port-ssh-22', 22, '10.77.0.10')).message).toBe('port 22 is open on all addresses (0.0.0.0), which includes 10.77.0.10');
  });

  it('nothing listens → fail', async () => {
    const r = await replay('port-nothing', 17999);
    expect(r.outcome).toBe('fail');
    expect(r.message).toBe('nothing listens on TCP port 17999');
  });

  it('etcd on its private and loopback addresses (k8s-facts §3.7)', async () => {
    expect((await replay('port-etcd-2379', 2379, '10.77.0.10')).message).toBe('port 2379 is open on 10.77.0.10');
    expect((await replay('port-etcd-2379', 2379, '10.77.0.11')).message).toBe('port 2379 is open only on 10.77.0.10, 127.0.0.1, not on 10.77.0.11');
  });

  it('listening on the wrong address → fail saying where it listens', async () => {
    expect((await replay('port-loopback-16443', 16443, '127.0.0.1')).outcome).toBe('pass');
    const r = await replay('port-loopback-16443', 16443, '10.77.0.10');
    expect(r.outcome).toBe('fail');
    expect(r.message).toBe('port 16443 is open only on 127.0.0.1, not on 10.77.0.10');
  });
});
