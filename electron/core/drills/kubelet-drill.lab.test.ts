// The REAL drill "kube-worker's certificate expired" (lessons/drills/16-…), its inject and
// undo steps run by the real drill service on the lab's two VMs over real SSH: a command on
// kube-worker, the back-dated signing on kube-master (openssl ca, where the CA key is), the
// COPY STEP carrying the certificate and kubeconfig to kube-worker over the app's own
// connections, the kubelet restarted. The two certificate checks it names run for real
// (node-certificate-master and -worker fail, then pass after Undo). certDir points at a
// folder of this test holding the kubelet lesson's files made with its own commands.
// What the lab cannot run is stood in for, and only that: kube-worker gets a `kubelet` unit
// that sleeps (there is no kubelet binary here), and the fresh check of the kubelet lesson
// before the fault goes in is a fake that passes (most of its checks need a kubelet and an
// API server; e2e/drills-lab.spec.ts runs that order for real on the drills up to etcd).
// Fails (does not skip) when the lab is down.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HostSummary } from '../../../common/api';
import type { CheckSpec } from '../../../common/course';
import { emptyProgress } from '../../../common/progress';
import { labExec, labHosts } from '../../../e2e/helpers/lab';
import { openLabConnection } from '../../../e2e/helpers/lab-ssh';
import { copyFiles } from '../blocks/copy-files';
import { resolveSpec } from '../checkpoints/checkpoint-service';
import { runLessonChecks } from '../checks/engine';
import { createHostAccess } from '../checks/host-access';
import { createCourseModel } from '../course/course-model';
import { EventBus } from '../events';
import { loadCourse } from '../lessons';
import { courseDrills } from '../lessons/course-drills';
import type { SshConnection } from '../ssh/connection';
import { createDrillService } from './drill-service';

const tag = randomBytes(4).toString('hex');
const D = `/root/kubelet-drill-${tag}`;
const LAB_HOSTS: HostSummary[] = [
  { role: 'master', address: '10.77.0.10', port: 22, user: 'root', auth: 'password', hasSecret: true },
  { role: 'worker', address: '10.77.0.11', port: 22, user: 'root', auth: 'password', hasSecret: true },
];
const UNIT = '/etc/systemd/system/kubelet.service';
const conns = new Map<string, SshConnection>();
let standInUnit = false;

const { course } = await loadCourse(join(import.meta.dirname, '..', '..', '..', 'lessons'));
const drill = courseDrills(course).find((d) => d.id === 'kubelet-certificate-expired');
const progress = emptyProgress();
progress.settings.variableOverrides = { certDir: D };
progress.lessons.kubelet = { completedAt: '2026-01-01T00:00:00.000Z', checks: {}, blocks: {} };
const model = createCourseModel({
  course,
  listHosts: async () => LAB_HOSTS,
  progress: () => progress,
  updateProgress: async (change) => change(progress),
});
const connection = async (role: string) => {
  const c = conns.get(role);
  if (!c) throw new Error(`no connection to ${role}`);
  return c;
};
const access = createHostAccess(connection);
const service = createDrillService({
  model,
  events: new EventBus(),
  access,
  // A stand-in (see above): the kubelet lesson's checks need a kubelet and an API server.
  checkpoints: { runChecks: async () => [], runBatch: async () => [] },
  runInTerminal: async () => ({ lastExitCode: 0 }),
  copy: async (from, to, items) => copyFiles({ name: from, client: (await connection(from)).client }, { name: to, client: (await connection(to)).client }, items),
});

/** The drill's proved certificate checks, resolved with certDir = D, run on the VMs now. */
async function certificateChecks(): Promise<string[]> {
  const values = await model.values();
  const specs = ['node-certificate-master', 'node-certificate-worker'].map((id) => {
    const raw = course.lessons.find((l) => l.id === 'kubelet')?.checks.find((c) => c.id === id);
    if (!raw) throw new Error(`no check kubelet/${id}`);
    return resolveSpec(raw, values).spec as CheckSpec;
  });
  return (await runLessonChecks(specs, access)).map((r) => `${r.checkId}: ${r.outcome}${r.outcome === 'pass' ? '' : ` (${r.message})`}`);
}

const sums = (role: 'master' | 'worker') => labExec(role, `cd ${D} && sha256sum kube-worker.crt kube-worker.kubeconfig`);

beforeAll(async () => {
  for (const h of labHosts()) conns.set(h.role, await openLabConnection(h));
  // The kubelet lesson's files, made with its commands: CA, node key and certificate
  // (365 days), and a kubeconfig embedding them (written as kubectl config writes it).
  labExec('master', `set -e; mkdir -p ${D} && chmod 700 ${D} && cd ${D}
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -subj "/CN=KUBERNETES-CA/O=Kubernetes" -days 3650 \\
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.crt 2>/dev/null
printf '[node]\\nbasicConstraints = critical, CA:FALSE\\nkeyUsage = critical, digitalSignature, keyEncipherment\\nextendedKeyUsage = serverAuth, clientAuth\\nsubjectAltName = DNS:kube-worker, IP:10.77.0.11, IP:127.0.0.1\\n' > kube-worker.ext
openssl genrsa -out kube-worker.key 2048 2>/dev/null; chmod 600 kube-worker.key
openssl req -new -key kube-worker.key -subj "/CN=system:node:kube-worker/O=system:nodes" \\
  | openssl x509 -req -CA ca.crt -CAkey ca.key -CAcreateserial -days 365 -extfile kube-worker.ext -extensions node -out kube-worker.crt 2>/dev/null
cat > kube-worker.kubeconfig <<EOF
apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: $(base64 -w0 < ca.crt)
    server: https://10.77.0.10:6443
  name: kubernetes-from-scratch
contexts:
- context:
    cluster: kubernetes-from-scratch
    user: system:node:kube-worker
  name: default
current-context: default
kind: Config
preferences: {}
users:
- name: system:node:kube-worker
  user:
    client-certificate-data: $(base64 -w0 < kube-worker.crt)
    client-key-data: $(base64 -w0 < kube-worker.key)
EOF
chmod 600 kube-worker.kubeconfig`);
  await copyFiles({ name: 'master', client: (await connection('master')).client }, { name: 'worker', client: (await connection('worker')).client },
    ['ca.crt', 'kube-worker.crt', 'kube-worker.key', 'kube-worker.kubeconfig'].map((f) => ({ path: `${D}/${f}` })));
  // No kubelet here: a unit of that name that sleeps, so that the drill's restarts work.
  if (labExec('worker', `test -e ${UNIT} && echo yes || echo no`).trim() === 'yes') throw new Error(`kube-worker already has ${UNIT}: this test does not replace it`);
  labExec('worker', `printf '[Service]\\nExecStart=/bin/sleep infinity\\n' > ${UNIT} && systemctl daemon-reload && systemctl start kubelet`);
  standInUnit = true;
}, 120_000);

afterAll(() => {
  for (const c of conns.values()) c.close();
  labExec('master', `rm -rf ${D}; true`);
  labExec('worker', `rm -rf ${D} /var/lib/k8s-tutor-drills; true`);
  if (standInUnit) labExec('worker', `systemctl stop kubelet; rm -f ${UNIT}; systemctl daemon-reload; systemctl reset-failed kubelet 2>/dev/null; true`);
  labExec('master', 'rm -rf /var/lib/k8s-tutor-drills; true');
});

it('the real drill: the expired certificate is signed on kube-master, carried to kube-worker by its copy step, and undone', async () => {
  if (!drill) throw new Error('the course has no drill kubelet-certificate-expired');
  expect(await certificateChecks()).toEqual(['node-certificate-master: pass', 'node-certificate-worker: pass']);
  const before = sums('worker');
  const kubeletStarted = labExec('worker', 'systemctl show -p ExecMainStartTimestampMonotonic --value kubelet').trim();

  await service.start(drill.id);
  expect(progress.drills[drill.id]?.active?.injectFailed).toBeUndefined();
  // The copy step carried master's new files to the worker byte for byte, with the modes.
  expect(sums('worker')).toBe(sums('master'));
  expect(sums('worker')).not.toBe(before);
  expect(labExec('worker', `stat -c '%a %n' ${D}/kube-worker.crt ${D}/kube-worker.kubeconfig`)).toBe(`644 ${D}/kube-worker.crt\n600 ${D}/kube-worker.kubeconfig\n`);
  // Back-dated by openssl ca, signed by the CA, and the kubeconfig carries the same certificate.
  const dates = labExec('worker', `openssl x509 -in ${D}/kube-worker.crt -noout -enddate`).trim().replace('notAfter=', '');
  expect(Date.parse(dates)).toBeLessThan(Date.now());
  expect(labExec('worker', `openssl verify -no_check_time -CAfile ${D}/ca.crt ${D}/kube-worker.crt`)).toContain('OK');
  expect(labExec('worker', `grep -c "client-certificate-data: $(base64 -w0 < ${D}/kube-worker.crt)" ${D}/kube-worker.kubeconfig`).trim()).toBe('1');
  expect(labExec('worker', 'systemctl show -p ExecMainStartTimestampMonotonic --value kubelet').trim()).not.toBe(kubeletStarted);
  const broken = await certificateChecks();
  expect(broken).toHaveLength(2);
  for (const line of broken) expect(line).toMatch(/: fail \(.*expired on/);

  // Half repaired: a new certificate made on kube-master, never carried over. Undo puts both sides back.
  labExec('master', `cd ${D} && openssl req -new -key kube-worker.key -subj "/CN=system:node:kube-worker/O=system:nodes" | openssl x509 -req -CA ca.crt -CAkey ca.key -CAcreateserial -days 365 -extfile kube-worker.ext -extensions node -out kube-worker.crt 2>/dev/null`);
  await service.undo(drill.id);
  expect(progress.drills[drill.id]?.attempts.map((a) => a.outcome)).toEqual(['undone']);
  expect(sums('worker')).toBe(before);
  expect(sums('master')).toBe(before);
  expect(await certificateChecks()).toEqual(['node-certificate-master: pass', 'node-certificate-worker: pass']);
  expect(labExec('worker', 'ls /var/lib/k8s-tutor-drills 2>&1 || true')).toMatch(/No such file/);
}, 180_000);
