// Lesson 08's "etcd turns away clients without a certificate", the REAL course check, against
// a real etcd in the lab's kube-master: Debian's etcd 3.4.23 (unpacked from the .deb the lab
// caches, not installed) with the lesson's TLS flags in a transient systemd unit, certificates
// made with the lessons' openssl commands under /root/etcd-cc-<tag> (certDir points there).
// Pass with --client-cert-auth; fail when etcd answers anyone, and when etcd is down (the old
// check passed then). A lesson's etcd holding 2379 is stopped first and started again after.
// Fails (does not skip) when the lab is down.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HostSummary } from '../../../common/api';
import type { CheckSpec } from '../../../common/course';
import { variableValues } from '../../../common/variables';
import { labExec, labHosts } from '../../../e2e/helpers/lab';
import { openLabConnection } from '../../../e2e/helpers/lab-ssh';
import { runLessonChecks } from '../checks/engine';
import { createHostAccess } from '../checks/host-access';
import { loadCourse } from '../lessons';
import type { SshConnection } from '../ssh/connection';
import { resolveSpec } from './checkpoint-service';

const tag = randomBytes(4).toString('hex');
const D = `/root/etcd-cc-${tag}`;
const UNIT = `etcd-cc-test-${tag}`;
const LAB_HOSTS: HostSummary[] = [
  { role: 'master', address: '10.77.0.10', port: 22, user: 'root', auth: 'password', hasSecret: true },
  { role: 'worker', address: '10.77.0.11', port: 22, user: 'root', auth: 'password', hasSecret: true },
];
let conn: SshConnection;
let spec: CheckSpec;
let lessonEtcdWasActive = false;

const check = async () => (await runLessonChecks([spec], createHostAccess(async () => conn)))[0]!;

/** Starts Debian's etcd on 127.0.0.1:2379 with the lesson's TLS flags (client certificates required or not). */
function startEtcd(requireClientCert: boolean): void {
  const auth = requireClientCert ? `--client-cert-auth --trusted-ca-file=${D}/ca.crt` : '';
  labExec('master', `systemctl stop ${UNIT} 2>/dev/null; systemctl reset-failed ${UNIT} 2>/dev/null; rm -rf ${D}/data
systemd-run --unit=${UNIT} --property=Type=notify ${D}/root/usr/bin/etcd --name kube-master --data-dir ${D}/data \\
  --cert-file=${D}/etcd.crt --key-file=${D}/etcd.key ${auth} \\
  --peer-cert-file=${D}/etcd.crt --peer-key-file=${D}/etcd.key --peer-client-cert-auth --peer-trusted-ca-file=${D}/ca.crt \\
  --listen-client-urls https://127.0.0.1:2379 --advertise-client-urls https://127.0.0.1:2379 \\
  --listen-peer-urls https://127.0.0.1:12380 --initial-advertise-peer-urls https://127.0.0.1:12380 \\
  --initial-cluster kube-master=https://127.0.0.1:12380 --initial-cluster-state new >/dev/null 2>&1`);
}

beforeAll(async () => {
  const { course } = await loadCourse(join(import.meta.dirname, '..', '..', '..', 'lessons'));
  const raw = course.lessons.find((l) => l.id === 'etcd')?.checks.find((c) => c.id === 'etcd-requires-client-cert');
  if (!raw) throw new Error('lesson etcd has no check etcd-requires-client-cert');
  const r = resolveSpec(raw, variableValues(course, LAB_HOSTS, { certDir: D }));
  if (!r.spec) throw new Error('the check does not resolve');
  spec = r.spec;
  conn = await openLabConnection(labHosts().find((h) => h.role === 'master')!);
  lessonEtcdWasActive = labExec('master', 'systemctl is-active etcd 2>/dev/null || true').trim() === 'active';
  labExec('master', `systemctl stop etcd 2>/dev/null; mkdir -p ${D} && cd ${D}
dpkg-deb -x /opt/k8s-tutor-lab/debs/etcd-server_*.deb root
openssl genrsa -out ca.key 2048 2>/dev/null
openssl req -x509 -new -key ca.key -subj "/CN=KUBERNETES-CA/O=Kubernetes" -days 1 -out ca.crt -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
printf '[ req ]\\ndistinguished_name = dn\\nreq_extensions = etcd_ext\\n[ dn ]\\n[ etcd_ext ]\\nbasicConstraints = CA:FALSE\\nkeyUsage = critical, digitalSignature, keyEncipherment\\nsubjectAltName = IP:10.77.0.10, IP:127.0.0.1\\n' > etcd.cnf
openssl genrsa -out etcd.key 2048 2>/dev/null
openssl req -new -key etcd.key -subj "/CN=etcd" -config etcd.cnf -out etcd.csr
openssl x509 -req -in etcd.csr -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days 1 -extfile etcd.cnf -extensions etcd_ext -out etcd.crt 2>/dev/null`);
}, 120_000);

afterAll(() => {
  conn?.close();
  labExec('master', `systemctl stop ${UNIT} 2>/dev/null; systemctl reset-failed ${UNIT} 2>/dev/null; rm -rf ${D}; true`);
  if (lessonEtcdWasActive) labExec('master', 'systemctl start etcd; true');
});

it('passes on etcd with --client-cert-auth (its TLS alert), fails when etcd answers anyone, fails when etcd is down', async () => {
  startEtcd(true);
  // etcd may need a moment after its start job; poll far below the test's own bound.
  await expect.poll(async () => (await check()).outcome, { timeout: 30_000 }).toBe('pass');

  startEtcd(false);
  await expect.poll(async () => (await check()).message, { timeout: 30_000 }).toMatch(/health/);
  const open = await check();
  expect(open.outcome).toBe('fail');
  expect(open.message.replaceAll('\\"', '"')).toContain('{"health":"true"}'); // quoted output escapes its quotes
  expect(open.hint).toMatch(/--client-cert-auth/);

  labExec('master', `systemctl stop ${UNIT}`);
  const down = await check();
  expect(down.outcome).toBe('fail');
  expect(down.message).toMatch(/Couldn't connect to server|Connection refused/);
}, 120_000);
