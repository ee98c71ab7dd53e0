// The operating lessons for real in the lab, through the app's own API (the browser host,
// real terminals, real checks): the VMs first pass lessons 03 to 08 (as the course spec does
// it, archives the offline way), then
//  - "Back up and restore etcd": markers in etcd before and after a snapshot, the restore
//    into a new data directory, the switch; the checks prove the "after" key gone and the
//    "before" key back;
//  - "Certificates expire": the expiry lists, the renewal of etcd's certificate, the restart
//    of etcd; the checks prove the new certificate, served by etcd, and clients getting in;
//  - "Reboot and re-verify": the lesson's own reboot blocks, then `lab.sh reboot ROLE`, which
//    powers each VM on again with a NEW network namespace; its "before-boot" lines show
//    ip_forward 0 and no route to the pods, the checks after the boot show both back;
//  - "Take it all down": the whole page; its checks prove both VMs clean.
//
// MOCKED, because it cannot run here (e2e/README.md, "What cannot run here"): kube-apiserver,
// kube-controller-manager, kube-scheduler (on kube-master) and the kubelet and kube-proxy (on
// kube-worker) are STAND-IN systemd units (`/bin/sleep infinity`, marked "e2e-lab STAND-IN")
// so that the blocks that stop, start or restart them, and the reboot checks that ask
// systemd whether they came back, have real units to act on. They prove nothing about those
// components. The blocks that need the API server (kubectl) are not run, and the checks that
// need it are expected to fail, each listed below with its reason. Kernel modules are the
// host's in the lab: the reboot cannot show them loaded at boot (the sysctl checks pass on a
// lab kernel that has br_netfilter built in).
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { ApiClient, BlockRunEvent, CheckResult } from '../common/api';
import { labExec } from './helpers/lab';
import { resetLessonsInVms, runLessonThroughApp, startLabCourse } from './helpers/lab-course';
import type { Served } from './helpers/serve';

test.describe.configure({ mode: 'serial' });

const LAB = join(import.meta.dirname, 'lab', 'lab.sh');
/** Lessons 03 to 08 (those with commands), run whole, in course order; 05 gets the archives first. */
const BEFORE = ['set-up-the-nodes', 'install-dependencies', 'download-binaries', 'certificate-authority', 'etcd'] as const;
/** Every lesson this spec changes the VMs with, newest first: their resets clean up. */
const RESETS = ['reboot', 'certificates-expire', 'etcd-backup', 'network-add-ons', ...[...BEFORE].reverse()];

const MARK = 'e2e-lab STAND-IN';
const STANDINS = { master: ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'], worker: ['kubelet', 'kube-proxy'] } as const;
/** Removes only units this spec wrote (they carry the mark), never a lesson's real unit. */
const REMOVE_STANDINS = `for f in /etc/systemd/system/*.service; do
  if grep -q '${MARK}' "$f" 2>/dev/null; then u=\${f##*/}; systemctl disable --now "$u" 2>/dev/null; rm -f "$f"; fi
done; systemctl daemon-reload; systemctl reset-failed 2>/dev/null; true`;
const standIns = (units: readonly string[]) => units.map((u) => `cat > /etc/systemd/system/${u}.service <<'EOF'
# ${MARK}: the real ${u} cannot run in the e2e lab (e2e/operating-lab.spec.ts).
[Unit]
Description=${MARK} for ${u}
[Service]
ExecStart=/bin/sleep infinity
[Install]
WantedBy=multi-user.target
EOF`).join('\n') + `\nsystemctl daemon-reload && systemctl enable --now ${units.join(' ')}`;

/** Checks that need the API server (kubectl), expected to fail here. */
const NEED_THE_API_SERVER: Record<string, string[]> = {
  'etcd-backup': ['configmap-before-back', 'configmap-after-gone', 'apiserver-ready-again'],
  'certificates-expire': ['apiserver-reaches-etcd'],
  reboot: ['node-ready-again', 'nginx-back'],
};
/** Other checks that cannot pass in a lab that ran only lessons 03 to 08. */
const NOT_HERE: Record<string, Record<string, string>> = {
  'certificates-expire': { 'worker-certificates-valid': 'kube-worker has no certificates before the kubelet lesson' },
};

let served: Served;
let api: ApiClient & { close(): void };
let artifactsDir: string;
const timings: string[] = [];

async function cleanVms(): Promise<void> {
  labExec('master', `${REMOVE_STANDINS}\nrm -rf /var/lib/etcd-before-restore-* /var/lib/etcd-restore`);
  labExec('worker', REMOVE_STANDINS);
  await resetLessonsInVms(api, RESETS);
}

/** Runs one block of a lesson (by its title) in the app's terminal; throws unless it succeeded. */
async function runBlock(lessonId: string, title: string, timeoutMs = 120_000): Promise<void> {
  const { course } = await api.getCourse();
  const block = course.lessons.find((l) => l.id === lessonId)?.blocks.find((b) => b.title === title);
  if (!block) throw new Error(`no block "${title}" in ${lessonId}`);
  const ends = new Map<string, BlockRunEvent>();
  const off = api.on('block:state', (e) => {
    if (e.lessonId === lessonId && e.blockId === block.id && !['queued', 'running'].includes(e.state)) ends.set(e.runId, e);
  });
  try {
    const { runId } = await api.runBlock(lessonId, block.id);
    await expect.poll(() => ends.has(runId), { timeout: timeoutMs, message: `"${title}" did not end` }).toBe(true);
    const end = ends.get(runId)!;
    if (end.state !== 'succeeded') throw new Error(`"${title}" ${end.state} (exit code ${end.exitCode}): ${end.tail ?? end.reason ?? ''}`);
  } finally {
    off();
  }
}

/** Runs a lesson's checks; every one must pass except those listed (which must fail). */
async function checksPass(lessonId: string, expectedToFail: string[] = []): Promise<CheckResult[]> {
  const results = await api.runChecks(lessonId);
  const wrong = results.filter((r) => (expectedToFail.includes(r.checkId) ? r.outcome === 'pass' : r.outcome !== 'pass'));
  expect(wrong.map((r) => `${r.checkId}: ${r.outcome}: ${r.message}`)).toEqual([]);
  return results;
}

const expectedFailures = (lessonId: string) => [...(NEED_THE_API_SERVER[lessonId] ?? []), ...Object.keys(NOT_HERE[lessonId] ?? {})];

/** Whether `lab.sh status` sees the VM up (its nspawn runs and sshd listens). */
function vmUp(role: 'master' | 'worker'): boolean {
  const status = JSON.parse(spawnSync('bash', [LAB, 'status'], { encoding: 'utf8' }).stdout) as { hosts: { role: string; up: boolean }[] };
  return status.hosts.find((h) => h.role === role)?.up === true;
}

async function closeTerminals(): Promise<void> {
  for (const t of await api.listTerminals()) await api.closeTerminal(t.terminalId);
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  ({ served, api, artifactsDir } = await startLabCourse());
  await cleanVms();
});
test.afterAll(async () => {
  if (api) await cleanVms().catch((e: unknown) => console.log(`cleanup: ${String(e)}`));
  api?.close();
  await served?.stop();
  if (artifactsDir) rmSync(artifactsDir, { recursive: true, force: true });
  console.log(`operating-lab timings:\n  ${timings.join('\n  ')}`);
});

test('the VMs pass lessons 03 to 08 (run whole through the app)', async () => {
  test.setTimeout(900_000);
  for (const id of BEFORE) {
    const t = Date.now();
    if (id === 'download-binaries') {
      await api.importArtifacts(artifactsDir);
      await api.uploadArtifacts('master');
      await api.uploadArtifacts('worker');
    }
    const end = await runLessonThroughApp(api, id, 300_000);
    expect(end.state, `${id} stopped at ${end.failedBlockId ?? '?'}`).toBe('finished');
    await checksPass(id);
    timings.push(`${id}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
});

test('"Back up and restore etcd": the key written after the snapshot is gone, the one before is back', async () => {
  test.setTimeout(300_000);
  const L = 'etcd-backup';
  labExec('master', standIns(STANDINS.master));
  labExec('worker', standIns(STANDINS.worker));
  // Not run: "Create a ConfigMap before/after the snapshot", "Start the control plane again",
  // "Look for the ConfigMaps" (kubectl and the API server, which cannot run here).
  for (const title of ['Write a marker before the snapshot', 'Save a snapshot', 'Write a marker after the snapshot']) await runBlock(L, title);
  const ctl = 'cd /root/certificates && ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=ca.crt --cert=etcd.crt --key=etcd.key';
  expect(labExec('master', `${ctl} get --prefix --keys-only /k8s-from-scratch/backup-lesson/`)).toMatch(/before[\s\S]*after|after[\s\S]*before/);
  for (const title of ['Stop the control plane and etcd', 'Restore the snapshot into a new data directory', 'Switch etcd to the restored data', "Restart the worker's components"]) await runBlock(L, title);

  // In the VM: etcd runs on the restored data, the old data is kept aside.
  expect(labExec('master', `${ctl} get --prefix --keys-only /k8s-from-scratch/backup-lesson/`).trim()).toBe('/k8s-from-scratch/backup-lesson/before');
  expect(labExec('master', 'ls -d /var/lib/etcd-before-restore-* | wc -l').trim()).toBe('1');
  const results = await checksPass(L, expectedFailures(L));
  for (const id of NEED_THE_API_SERVER[L]!) {
    expect(results.find((r) => r.checkId === id)?.message).toMatch(/kubectl: command not found|not installed or not on PATH/);
  }
});

test('"Certificates expire": etcd gets a renewed certificate, serves it, and clients still get in', async () => {
  test.setTimeout(300_000);
  const L = 'certificates-expire';
  const serial = () => labExec('master', 'openssl x509 -in /root/certificates/etcd.crt -noout -serial').trim();
  const before = serial();
  // Not run: "Restart the API server" (the stand-in would restart, but the block then waits for
  // the API server with kubectl).
  for (const title of ['List the certificates on kube-master', 'List the certificates on kube-worker', 'Which certificates expire within 30 days?',
    "Renew etcd's certificate", 'Restart etcd', 'Ask etcd which certificate it shows']) await runBlock(L, title);
  expect(serial()).not.toBe(before);
  expect(labExec('master', 'openssl x509 -in /root/certificates/etcd.crt.before-renewal -noout -serial').trim()).toBe(before);
  const results = await checksPass(L, expectedFailures(L));
  expect(results.find((r) => r.checkId === 'worker-certificates-valid')?.message).toMatch(/no certificates in \/root\/certificates/);

  // The app's own table (the cluster map's Certificates): the renewed etcd.crt with a year left,
  // read from the VM by the app's parser, and the same end date openssl reads there.
  const rows = await api.listCertificates();
  const etcd = rows.find((r) => r.role === 'master' && r.path === '/root/certificates/etcd.crt');
  const opensslEnd = new Date(labExec('master', 'openssl x509 -in /root/certificates/etcd.crt -noout -enddate').trim().replace('notAfter=', ''));
  expect(etcd?.notAfter).toBe(opensslEnd.toISOString());
  expect(etcd?.daysLeft).toBeGreaterThanOrEqual(364);
  expect(rows.find((r) => r.path === '/root/certificates/ca.crt')?.subject).toMatch(/^CN=KUBERNETES-CA/);
  expect(rows.filter((r) => r.problem)).toEqual([]);
});

test('"Reboot and re-verify": the lab resets sysctls and routes, the VMs\' own boot brings them back', async () => {
  test.setTimeout(400_000);
  const L = 'reboot';
  // The route of the network lesson runs for real (ip and a systemd unit); nothing else of it.
  await runBlock('network-add-ons', 'Route the pod range via kube-worker');
  for (const title of ['Note what must come back on kube-master', 'Note what must come back on kube-worker']) await runBlock(L, title);
  expect(labExec('master', 'ip route show 10.200.1.0/24')).toMatch(/via 10\.77\.0\.11/);

  for (const role of ['worker', 'master'] as const) {
    // The lesson's own block: the VM's systemd reboots. In the lab that ends its container
    // (nspawn exits on a reboot), like a machine that powers off.
    await runBlock(L, `Reboot kube-${role}`);
    // (lab.sh runs nspawn with --keep-unit: on the VM's reboot it exits with 133 and leaves
    // the restart to whoever started it.)
    await expect.poll(() => vmUp(role), { timeout: 60_000, message: `kube-${role} did not go down after its reboot block` }).toBe(false);
    // The lab powers it on again, with a new network namespace, as a booting kernel has it.
    const t = Date.now();
    const out = execFileSync('bash', [LAB, 'reboot', role], { encoding: 'utf8' });
    timings.push(`lab.sh reboot ${role}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
    expect(out).toMatch(/^before-boot sysctl net\.ipv4\.ip_forward = 0$/m);
    expect(out).toMatch(/^before-boot route default via 10\.77\.0\.1 /m);
    expect(out).not.toMatch(/10\.200\.1\.0\/24/);
    // After the VM's own boot: systemd-sysctl set ip_forward from /etc/sysctl.d/k8s.conf.
    await expect.poll(() => labExec(role, 'sysctl -n net.ipv4.ip_forward').trim(), { timeout: 60_000 }).toBe('1');
    // sshd answers before every unit has started (etcd is still coming up then): the learner
    // checks once the VM has booted, so the test waits for systemd to say so.
    labExec(role, 'timeout 120 systemctl is-system-running --wait >/dev/null; true');
  }
  // k8s-pod-routes put the route back at boot.
  await expect.poll(() => labExec('master', 'ip route show 10.200.1.0/24'), { timeout: 60_000 }).toMatch(/via 10\.77\.0\.11/);

  // The app's connections notice the reboot (at the latest within their keepalive, about
  // 15 s) and open new ones on demand; the terminals of before the reboot are closed.
  await expect.poll(async () => (await api.runChecks(L)).filter((r) => r.outcome === 'unreachable').length, { timeout: 90_000 }).toBe(0);
  await closeTerminals();
  await runBlock(L, 'Look at kube-worker after the boot');
  await checksPass(L, expectedFailures(L));
});

test('"Take it all down": the whole page runs and leaves both VMs clean', async () => {
  test.setTimeout(400_000);
  const L = 'take-it-all-down';
  const end = await runLessonThroughApp(api, L, 300_000);
  expect(end.state, `stopped at ${end.failedBlockId ?? '?'}`).toBe('finished');
  await checksPass(L);
  // The stand-ins went with the real units.
  expect(labExec('master', `grep -l '${MARK}' /etc/systemd/system/*.service 2>/dev/null || echo none`).trim()).toBe('none');
  expect(labExec('worker', 'command -v containerd || echo gone').trim()).toBe('gone');
});
