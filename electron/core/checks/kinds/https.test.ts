// The https kind against a real TLS server in this process, serving the lab-made etcd
// certificate; forwardOut is a plain TCP connection to it (what ssh2's forwardOut gives).
import { connect, type Server } from 'node:net';
import { createServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../../../common/course';
import { runLessonChecks } from '../engine';
import { HostAccessError } from '../host-access';
import { certFile, fact, fakeAccess, serveReadFiles } from '../test-support';
import { parseHttpResponse } from './https';

const C = '/root/certificates';
const fs = new Map<string, Buffer>([['ca.crt', 'other-ca.crt', 'admin.crt', 'admin.key'].map((f) => [`${C}/${f}`, certFile(f)] as [string, Buffer])].flat());
let server: Server;
let port = 0;
let body = { status: 200, body: 'ok' };

beforeAll(async () => {
  server = createServer({ cert: certFile('etcd.crt'), key: certFile('etcd.key'), ca: certFile('ca.crt'), requestCert: true, rejectUnauthorized: false }, (s) => {
    s.once('data', () => s.end(`HTTP/1.1 ${body.status} X\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body.body)}\r\n\r\n${body.body}`));
    s.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => server.close());

const access = fakeAccess((cmd) => serveReadFiles(cmd, fs) ?? { code: 1, stdout: '', stderr: '' }, {
  forwardOut: (_role, host, p) => new Promise((resolve, reject) => {
    if (p !== port) return reject(new HostAccessError('forward-failed', 'Connection refused'));
    const s = connect(p, host, () => resolve(s));
    s.on('error', reject);
  }),
});

async function check(fields: Record<string, unknown>) {
  const [r] = await runLessonChecks([{ id: 'h', kind: 'https', host: 'master', port, path: '/healthz', ca: `${C}/ca.crt`, ...fields } as CheckSpec], access);
  return r!;
}

describe('https kind', () => {
  it('verified against the CA: /healthz → ok (k8s-facts §3.8)', async () => {
    body = { status: 200, body: fact('healthz-ok').body as string };
    const r = await check({ expect: { body: 'ok' } });
    expect(r.outcome).toBe('pass');
    expect(r.message).toBe(`https://127.0.0.1:${port}/healthz answered HTTP 200: "ok" (TLS verified)`);
  });

  it('with a client certificate', async () => {
    expect((await check({ cert: `${C}/admin.crt`, key: `${C}/admin.key` })).outcome).toBe('pass');
  });

  it('another CA → "not signed by your CA"', async () => {
    const r = await check({ ca: `${C}/other-ca.crt` });
    expect(r.outcome).toBe('fail');
    expect(r.message).toMatch(/^the server's certificate is not signed by your CA \(other-ca.crt\) \([A-Z_]+\)$/);
  });

  it('status and body mismatches (readyz with etcd failed, §3.8)', async () => {
    body = { status: 500, body: fact('readyz-etcd-failed').body as string };
    const r = await check({ path: '/readyz', expect: { body: 'readyz check passed' } });
    expect(r.message).toMatch(/^https:\/\/127.0.0.1:\d+\/readyz: HTTP 500 X, expected 200; body: .*\[-\]etcd failed.*; body containing "readyz check passed" expected/);
  });

  it('nothing listening → fail (not unreachable)', async () => {
    const r = await check({ port: 1 });
    expect(r.outcome).toBe('fail');
    expect(r.message).toBe('nothing answers on 127.0.0.1:1 on master (connection refused): is the service running?');
  });

  it('parses chunked responses', () => {
    const res = parseHttpResponse(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n3\r\n!!!\r\n0\r\n\r\n'));
    expect(res).toMatchObject({ status: 200, body: 'ok!!!' });
  });
});
