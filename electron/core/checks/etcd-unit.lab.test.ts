// The systemd check kind against a real unit: Debian's etcd 3.4.23, installed in the lab's
// kube-master from the .debs the lab caches: active, stopped, and failed (a drop-in with a
// bogus flag) with its journal lines. Everything is removed afterwards. A lesson's etcd
// (lesson 08 ran in the lab: its unit in /etc/systemd/system would shadow Debian's, its data
// in /var/lib/etcd) is moved aside first and put back, running again if it ran.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CheckSpec } from '../../../common/course';
import { labExec, labHosts } from '../../../e2e/helpers/lab';
import { openLabConnection } from '../../../e2e/helpers/lab-ssh';
import type { SshConnection } from '../ssh/connection';
import { runLessonChecks } from './engine';
import { createHostAccess } from './host-access';

let conn: SshConnection;
const etcdCheck: CheckSpec = { id: 'etcd-running', host: 'master', kind: 'systemd', unit: 'etcd', enabled: true };
const check = async () => (await runLessonChecks([etcdCheck], createHostAccess(async () => conn)))[0]!;

const ASIDE = '/root/etcd-before-unit-lab-test';
/** Puts a lesson's etcd back (also what a killed earlier run moved aside). */
const RESTORE = `if [ -d ${ASIDE} ]; then systemctl stop etcd 2>/dev/null;
  if [ -e ${ASIDE}/etcd.service ]; then mv ${ASIDE}/etcd.service /etc/systemd/system/etcd.service; fi;
  if [ -e ${ASIDE}/data ]; then rm -rf /var/lib/etcd && mv ${ASIDE}/data /var/lib/etcd; fi;
  systemctl daemon-reload; systemctl reset-failed etcd 2>/dev/null;
  if [ -e ${ASIDE}/was-active ]; then systemctl start etcd; fi;
  rm -rf ${ASIDE}; fi`;
const MOVE_ASIDE = `if [ -e /etc/systemd/system/etcd.service ]; then mkdir -p ${ASIDE};
  if systemctl is-active --quiet etcd; then touch ${ASIDE}/was-active; fi; systemctl stop etcd;
  mv /etc/systemd/system/etcd.service ${ASIDE}/etcd.service;
  if [ -e /var/lib/etcd ]; then mv /var/lib/etcd ${ASIDE}/data; fi;
  systemctl daemon-reload; fi`;

beforeAll(async () => {
  const h = labHosts().find((x) => x.role === 'master')!;
  conn = await openLabConnection(h);
  labExec('master', `${RESTORE}\n${MOVE_ASIDE}`);
  labExec('master', 'DEBIAN_FRONTEND=noninteractive dpkg -i /opt/k8s-tutor-lab/debs/*.deb >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y /opt/k8s-tutor-lab/debs/*.deb >/dev/null; systemctl enable --now etcd');
}, 120_000);

afterAll(() => {
  conn?.close();
  labExec('master', 'rm -rf /etc/systemd/system/etcd.service.d; systemctl daemon-reload; systemctl stop etcd 2>/dev/null; DEBIAN_FRONTEND=noninteractive apt-get purge -y etcd-server etcd-client >/dev/null 2>&1; rm -rf /var/lib/etcd /var/lib/etcd-* 2>/dev/null; systemctl reset-failed etcd 2>/dev/null; true');
  labExec('master', RESTORE);
});

it('reports Debian’s etcd active, then stopped, then failed with its journal lines', async () => {
  await expect.poll(async () => (await check()).outcome, { timeout: 20_000 }).toBe('pass');

  labExec('master', 'systemctl stop etcd');
  const stopped = await check();
  expect(stopped.outcome).toBe('fail');
  expect(stopped.message).toMatch(/inactive/);

  labExec('master', `mkdir -p /etc/systemd/system/etcd.service.d && printf '[Service]\\nExecStart=\\nExecStart=/usr/bin/etcd --data-dir=/var/lib/etcd-check-test --listen-client-urls=http://127.0.0.1:22 --advertise-client-urls=http://127.0.0.1:22\\nRestart=no\\n' > /etc/systemd/system/etcd.service.d/zz-broken.conf && systemctl daemon-reload && (systemctl start etcd || true)`);
  await expect.poll(async () => (await check()).message, { timeout: 20_000 }).toMatch(/failed/);
  const failed = await check();
  expect(failed.outcome).toBe('fail');
  expect(failed.message).toMatch(/failed/);
  // The unit's last journal lines come with the result.
  expect((failed.details ?? []).join('\n')).toMatch(/etcd\.service: Failed with result 'exit-code'/);
}, 90_000);
