// Reach-phase failures against local sockets on 127.0.0.1 (no lab needed).
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openConnection, type ConnectOptions } from './connection';
import type { SshError } from './ssh-errors';
import { rejectionOf } from '../../../test/rejection';

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function listen(onSocket: (s: Socket) => void): Promise<number> {
  const server = createServer((s) => {
    sockets.push(s);
    onSocket(s);
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

const options = (port: number, extra: Partial<ConnectOptions> = {}): ConnectOptions => ({
  target: { address: '127.0.0.1', port, user: 'root' },
  name: 'kube-master',
  methods: (username) => [{ type: 'password', username, password: 'pw' }],
  authWhat: 'the password',
  verifyHostKey: async () => {
    throw new Error('no key is expected in these tests');
  },
  reachTimeoutMs: 400,
  ...extra,
});

const failure = rejectionOf<SshError>;

describe('connection failures before SSH starts', () => {
  it('explains a refused port', async () => {
    const port = await listen(() => {});
    await new Promise((r) => servers.pop()!.close(r)); // now nothing listens there
    const err = await failure(openConnection(options(port)));
    expect(err).toMatchObject({ code: 'FAILED_PRECONDITION', kind: 'unreachable', phase: 'reach' });
    expect(err.message).toBe(`Could not reach 127.0.0.1:${port}: port ${port} refused the connection: is sshd running on the VM (systemctl status ssh)?`);
  });

  it('gives up on a port that never speaks SSH within the timeout', async () => {
    const port = await listen(() => {});
    const err = await failure(openConnection(options(port)));
    // The message names the 0.4 s given (the timer's own value); the test's 8 s timeout
    // catches a hang and rules out the 10 s default, without timing anything.
    expect(err.message).toBe(`Could not reach 127.0.0.1:${port}: the port answered but no SSH server spoke within 0.4 s. Check the port number (SSH is usually 22).`);
  }, 8_000);

  it('explains a server that is not SSH', async () => {
    const port = await listen((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    const err = await failure(openConnection(options(port, { reachTimeoutMs: 3000 })));
    expect(err).toMatchObject({ kind: 'unreachable', phase: 'reach' });
    expect(err.message).toMatch(new RegExp(`^Could not reach 127\\.0\\.0\\.1:${port}: `));
  });
});
