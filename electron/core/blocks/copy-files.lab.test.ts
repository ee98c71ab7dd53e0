// A copy block's transfer between the lab's real VMs over real OpenSSH (SFTP on both
// connections, as the app holds them): a certificate-like file and a key from kube-master
// to kube-worker, into a folder that does not exist yet, then the check the worker's
// terminal runs (verifyScript) in the worker. Everything lives under /root/copy-tests-<tag>
// and is removed afterwards. Fails (does not skip) when the lab is down.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { labExec, labHosts, type LabHost } from '../../../e2e/helpers/lab';
import { openLabConnection } from '../../../e2e/helpers/lab-ssh';
import type { SshConnection } from '../ssh/connection';
import { copyFiles, verifyScript } from './copy-files';

const tag = randomBytes(4).toString('hex');
const D = `/root/copy-tests-${tag}`;
let master: SshConnection;
let worker: SshConnection;

beforeAll(async () => {
  const hosts: LabHost[] = labHosts();
  master = await openLabConnection(hosts.find((h) => h.role === 'master')!);
  worker = await openLabConnection(hosts.find((h) => h.role === 'worker')!);
  labExec('master', `set -e; mkdir -p ${D}/certs && cd ${D}/certs
openssl req -x509 -newkey rsa:2048 -nodes -keyout node.key -subj "/CN=copy-test" -days 1 -out node.crt 2>/dev/null
chmod 644 node.crt; chmod 600 node.key`);
  labExec('worker', `rm -rf ${D}`);
}, 60_000);

afterAll(() => {
  master?.close();
  worker?.close();
  labExec('master', `rm -rf ${D}; true`);
  labExec('worker', `rm -rf ${D}; true`);
});

it('copies master → worker byte for byte, with the modes, into a new 0700 folder; the worker checks the digests', async () => {
  const files = [{ path: `${D}/certs/node.crt` }, { path: `${D}/certs/node.key`, mode: 0o400 }];
  const copied = await copyFiles({ name: 'kube-master', client: master.client }, { name: 'kube-worker', client: worker.client }, files);
  const sums = (role: 'master' | 'worker') => labExec(role, `cd ${D}/certs && sha256sum node.crt node.key`);
  expect(sums('worker')).toBe(sums('master'));
  expect(labExec('worker', `stat -c '%a %n' ${D} ${D}/certs ${D}/certs/node.crt ${D}/certs/node.key; ls ${D}/certs`)).toBe(
    `700 ${D}\n700 ${D}/certs\n644 ${D}/certs/node.crt\n400 ${D}/certs/node.key\nnode.crt\nnode.key\n`,
  );
  const check = labExec('worker', `${verifyScript('kube-master', copied)}\necho "exit $?"`);
  expect(check).toContain(`${D}/certs/node.crt: OK`);
  expect(check).toContain(`${D}/certs/node.key: OK`);
  expect(check).toMatch(/exit 0\n$/);
}, 60_000);

it('a file missing on the master is named, and the worker gets nothing', async () => {
  await expect(copyFiles({ name: 'kube-master', client: master.client }, { name: 'kube-worker', client: worker.client }, [{ path: `${D}/certs/nope.crt` }]))
    .rejects.toThrow(`${D}/certs/nope.crt does not exist on kube-master`);
  expect(labExec('worker', `ls ${D}/certs/nope.crt* 2>&1 || true`)).toMatch(/No such file/);
}, 60_000);
