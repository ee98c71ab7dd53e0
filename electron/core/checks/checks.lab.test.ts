// The check engine against the e2e lab's real VMs over real OpenSSH (the colleague's
// SshConnection, password login). Files live only under /root/check-tests-<random> in the
// VMs; units are our own throwaway check-test-*.service; everything is removed afterwards.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../../common/course';
import { labExec, labHosts, labNet, type LabHost } from '../../../e2e/helpers/lab';
import { openLabConnection } from '../../../e2e/helpers/lab-ssh';
import type { SshConnection } from '../ssh/connection';
import { runLessonChecks } from './engine';
import { createHostAccess, type HostAccess } from './host-access';

type Role = 'master' | 'worker';
const tag = randomBytes(4).toString('hex');
const D = `/root/check-tests-${tag}`;
const UNIT = { sleep: `check-test-sleep-${tag}`, fail: `check-test-false-${tag}` };
const HTTPS_PORT = 20000 + (parseInt(tag.slice(0, 4), 16) % 20000);
let hosts: LabHost[];
const conns = new Map<Role, SshConnection>();
let access: HostAccess;

async function open(role: Role): Promise<SshConnection> {
  const h = hosts.find((x) => x.role === role)!;
  const c = await openLabConnection(h);
  conns.set(role, c);
  return c;
}

const run = (specs: CheckSpec[], timeoutMs?: number) => runLessonChecks(specs, access, timeoutMs ? { defaultTimeoutMs: timeoutMs } : {});
const one = async (spec: Partial<CheckSpec> & { kind: CheckSpec['kind'] }) => (await run([{ id: 'c', host: 'master', ...spec } as CheckSpec]))[0]!;

beforeAll(async () => {
  hosts = labHosts();
  access = createHostAccess(async (role) => {
    const c = conns.get(role as Role);
    return c && !c.closed ? c : open(role as Role);
  });
  // Certificates the way the tutorial makes them, plus the bad ones, with openssl 3.0 in the VM.
  labExec('master', `set -e; mkdir -p ${D}/db && cd ${D}
openssl genrsa -out ca.key 2048 2>/dev/null
openssl req -new -key ca.key -subj "/CN=KUBERNETES-CA" -out ca.csr
openssl x509 -req -in ca.csr -signkey ca.key -out ca.crt -days 365 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout other-ca.key -subj "/CN=KUBERNETES-CA" -days 365 -out other-ca.crt 2>/dev/null
printf '[req]\\ndistinguished_name=dn\\n[dn]\\n[v3]\\nbasicConstraints=CA:FALSE\\nkeyUsage=critical,digitalSignature,keyEncipherment\\nsubjectAltName=IP:10.77.0.10,IP:127.0.0.1\\n' > etcd.cnf
sign() { openssl x509 -req -in "$1.csr" -CA "\${3:-ca}.crt" -CAkey "\${3:-ca}.key" -CAcreateserial -out "$2" -extensions v3 -extfile "\${4:-etcd.cnf}" -days 365 2>/dev/null; }
openssl genrsa -out etcd.key 2048 2>/dev/null
openssl req -new -key etcd.key -subj "/CN=etcd" -out etcd.csr
sign etcd etcd.crt
sign etcd etcd-other-ca.crt other-ca
sed 's/IP:10.77.0.10,//' etcd.cnf > lo.cnf; sign etcd etcd-wrong-san.crt ca lo.cnf
openssl req -new -key etcd.key -subj "/CN=etc" -out etc.csr; sign etc etcd-wrong-cn.crt
openssl genrsa -out stray.key 2048 2>/dev/null
touch db/index.txt; echo 01 > db/serial
printf '[ca]\\ndefault_ca=c\\n[c]\\ndatabase=db/index.txt\\nnew_certs_dir=db\\nserial=db/serial\\ndefault_md=sha256\\npolicy=p\\n[p]\\ncommonName=supplied\\n' > ca.cnf
openssl ca -batch -config ca.cnf -cert ca.crt -keyfile ca.key -in etcd.csr -out etcd-expired.crt -startdate 20200101000000Z -enddate 20200102000000Z 2>/dev/null
openssl s_server -accept 127.0.0.1:${HTTPS_PORT} -cert etcd.crt -key etcd.key -CAfile ca.crt -www -quiet >/dev/null 2>&1 </dev/null & echo $! > s_server.pid
printf '[Service]\\nExecStart=/bin/sleep infinity\\n' > /etc/systemd/system/${UNIT.sleep}.service
printf '[Service]\\nExecStartPre=/bin/echo "check-test: starting"\\nExecStart=/bin/sh -c "echo check-test: config missing >&2; exit 4"\\n' > /etc/systemd/system/${UNIT.fail}.service
systemctl daemon-reload; systemctl start ${UNIT.sleep}; systemctl start ${UNIT.fail} || true`);
  labExec('worker', `mkdir -p ${D}`);
}, 60_000);

afterAll(() => {
  for (const c of conns.values()) c.close();
  try { labNet('worker', 'up'); } catch { /* already up */ }
  labExec('master', `cd ${D} 2>/dev/null && for p in s_server.pid hang.pid; do [ -f $p ] && kill $(cat $p) 2>/dev/null; done; for u in ${UNIT.sleep} ${UNIT.fail}; do systemctl stop $u 2>/dev/null; rm -f /etc/systemd/system/$u.service; systemctl reset-failed $u 2>/dev/null; done; systemctl daemon-reload; rm -rf ${D}; true`);
  labExec('worker', `rm -rf ${D}; true`);
});

const cert = (path: string, extra: Record<string, unknown> = {}) => ({ kind: 'certificate' as const, path: `${D}/${path}`, key: `${D}/etcd.key`, signedBy: `${D}/ca.crt`, subject: { CN: 'etcd' }, sans: ['IP:10.77.0.10', 'IP:127.0.0.1'], ...extra });

describe('certificate kind on openssl-made certificates in the VM', () => {
  it('good, wrong SAN, wrong CN, other CA, key mismatch, expired, v1 CA — one lesson, in parallel', async () => {
    const specs = [
      cert('etcd.crt'),
      cert('etcd-wrong-san.crt'),
      cert('etcd-wrong-cn.crt'),
      cert('etcd-other-ca.crt'),
      cert('etcd.crt', { key: `${D}/stray.key` }),
      cert('etcd-expired.crt'),
      { kind: 'certificate' as const, path: `${D}/ca.crt`, key: `${D}/ca.key`, isCA: true, subject: { CN: 'KUBERNETES-CA' } },
    ].map((s, i) => ({ id: `c${i}`, host: 'master', ...s }) as CheckSpec);
    const r = await run(specs);
    expect(r.map((x) => x.outcome)).toEqual(['pass', 'fail', 'fail', 'fail', 'fail', 'fail', 'pass']);
    expect(r[1]!.message).toBe('SAN IP:10.77.0.10 missing; found IP:127.0.0.1');
    expect(r[2]!.message).toBe(`subject CN is 'etc', expected 'etcd'`);
    expect(r[3]!.message).toMatch(/names CN=KUBERNETES-CA as its issuer but its signature does not verify with ca.crt's key/);
    expect(r[4]!.message).toMatch(/^stray.key does not match etcd.crt/);
    expect(r[5]!.message).toMatch(/expired on 2020-01-02 00:00:00 UTC$/);
    expect(r[6]!.warning).toMatch(/^ca.crt is a version 1 certificate without basicConstraints \(the tutorial's command\)/);
  });
});

describe('systemd kind on our own throwaway units', () => {
  it('active → pass; stopped → fail; failed → fail with journal lines; missing → does not exist', async () => {
    expect((await one({ kind: 'systemd', unit: UNIT.sleep } as Partial<CheckSpec> & { kind: 'systemd' })).outcome).toBe('pass');
    const failed = await one({ kind: 'systemd', unit: UNIT.fail } as Partial<CheckSpec> & { kind: 'systemd' });
    expect(failed.outcome).toBe('fail');
    expect(failed.message).toBe(`${UNIT.fail}.service failed (Result=exit-code, exit status 4); its last journal lines are below`);
    expect(failed.details).toContain('check-test: config missing');
    labExec('master', `systemctl stop ${UNIT.sleep}`);
    const stopped = await one({ kind: 'systemd', unit: UNIT.sleep } as Partial<CheckSpec> & { kind: 'systemd' });
    expect(stopped.message).toMatch(/is not running \(inactive, dead\)/);
    expect((await one({ kind: 'systemd', unit: `check-test-none-${tag}` } as Partial<CheckSpec> & { kind: 'systemd' })).message).toMatch(/does not exist: did you create/);
  });
});

describe('https kind against openssl s_server in the VM, tunnelled over SSH', () => {
  it('verified against the CA; fails against another CA', async () => {
    const spec = { kind: 'https' as const, port: HTTPS_PORT, path: '/', ca: `${D}/ca.crt`, expect: { body: 's_server' } };
    const good = await one(spec as Partial<CheckSpec> & { kind: 'https' });
    expect(good.outcome, good.message).toBe('pass');
    const bad = await one({ ...spec, ca: `${D}/other-ca.crt` } as Partial<CheckSpec> & { kind: 'https' });
    expect(bad.outcome).toBe('fail');
    expect(bad.message).toMatch(/^the server's certificate is not signed by your CA \(other-ca.crt\)/);
  });
});

describe('hangs and dead links', () => {
  it('a command that hangs (sleep 600) → timeout', async () => {
    const t0 = Date.now();
    const r = await one({ kind: 'command', run: `echo $$ > ${D}/hang.pid; exec sleep 600`, timeoutSeconds: 3 } as Partial<CheckSpec> & { kind: 'command' });
    expect(r.outcome).toBe('timeout');
    expect(r.message).toBe('no answer within 3 s: the command may be hanging');
    // Not before its deadline; the upper bound only catches a hang (engine.test.ts pins
    // the deadline exactly with fake timers).
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2900);
    expect(Date.now() - t0).toBeLessThan(20_000);
  }, 60_000);

  it('a worker with its link down → unreachable within the timeout, not failed', async () => {
    const spec = { id: 'w', host: 'worker', kind: 'file', path: D, timeoutSeconds: 5 } as CheckSpec;
    expect((await run([spec]))[0]!.outcome).toBe('pass'); // connection open
    labNet('worker', 'down');
    try {
      const t0 = Date.now();
      const [r] = await run([spec]);
      expect(r!.outcome).toBe('unreachable');
      expect(r!.message).toMatch(/kube-worker|worker/);
      expect(Date.now() - t0).toBeLessThan(30_000); // a hang, far above the 5 s timeout
    } finally {
      labNet('worker', 'up');
      conns.get('worker')?.close();
      conns.delete('worker');
    }
  }, 60_000);
});

describe('latency', () => {
  it('a lesson of 5 checks over an open connection', async () => {
    await one({ kind: 'command', run: 'true' } as Partial<CheckSpec> & { kind: 'command' }); // connection open
    const specs = [
      { id: 'a', kind: 'command', run: 'test -d /etc', expect: { exitCode: 0 } },
      { id: 'b', kind: 'file', path: `${D}/ca.key`, mode: '0600' },
      { id: 'c', kind: 'systemd', unit: 'ssh' },
      { id: 'd', kind: 'port', port: 22 },
      cert('etcd.crt', { id: 'e' }),
    ].map((s) => ({ host: 'master', ...s }) as CheckSpec);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const r = await run(specs);
      times.push(performance.now() - t0);
      expect(r.map((x) => `${x.checkId}:${x.outcome}`), JSON.stringify(r.filter((x) => x.outcome !== 'pass'))).toEqual(['a:pass', 'b:pass', 'c:pass', 'd:pass', 'e:pass']);
    }
    console.log(`lesson of 5 checks over an open connection: ${times.map((t) => `${t.toFixed(0)} ms`).join(', ')}`);
  });
});
