// checksFanout: the app's check engine (electron/core/checks: runLessonChecks over
// createHostAccess and the app's own SshConnection) running the same set of checks against
// 1 host, then against 10 hosts at once (one runLessonChecks call with all 10 hosts'
// checks, as a lesson with checks on 10 hosts would), in the same run.
//
// What "host" means here: the lab has two VMs, so each "host" is its own SSH server
// endpoint: a separate sshd process started for this bench inside a lab VM on a port of
// its own (5 per VM: 10.77.0.10 and 10.77.0.11), reached over its own SSH connection (the
// app's SshConnection, password login, opened before timing as the app keeps its shared
// connection open). Each has its own sshd, connection, session limit (MaxSessions) and the
// engine's own per-connection cap of 6 parallel exec channels; what the 10 do NOT have
// is their own CPU: both VMs, sshd and this Node process share this machine's cores, so
// the figure shows how the engine (one Node thread: ssh2 crypto, parsing certificates)
// and the machine scale, not what 10 real machines would do.
//
// The checks: the certificate-authority lesson's three (certificate parsed in the app, an
// `openssl verify` command, a file mode), taken from lessons/ as the app loads them, with
// their folder moved to /root/bench-fanout-<random>/ (a throwaway CA made there on both
// VMs), so nothing of the learner's (or other benches') /root/certificates is touched.
// ratio = tenHostsMs / oneHostMs: 1 would be perfect fan-out, 10 no parallelism at all
// (lower is better). Medians of RUNS alternating runs after a warm-up, each after IDLE_MS
// of quiet.
//
// Clean-up (also after a failure): connections closed, the bench's sshd processes killed
// by their pid files, the folder removed. Needs the e2e lab (npm run lab -- up).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { labExec, labHosts } from '../../e2e/helpers/lab.ts';
import { openLabConnection } from '../../e2e/helpers/lab-ssh.ts';
import { createHostAccess, runLessonChecks } from '../../electron/core/checks/index.ts';
import { loadCourse } from '../../electron/core/lessons/index.ts';
import { median } from './median.mjs';

const RUNS = 7;
// Each timed run starts from an idle link, as a learner's "Check" click does. (Before
// SshConnection set TCP_NODELAY, back-to-back runs met the peer's delayed ACK: `exec true`
// took 43 ms instead of 2-3 ms. The pause keeps runs comparable with those figures.)
const IDLE_MS = 250;
const HOSTS = 10;
const LESSON = 'certificate-authority';
const lessonsDir = fileURLToPath(new URL('../../lessons', import.meta.url));
/** Busy and total jiffies of all cores (/proc/stat's first line). */
function machineCpu() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}
const round = (n, d = 1) => Number(n.toFixed(d));

export async function checksFanout(ctx) {
  const tag = randomBytes(4).toString('hex');
  const dir = `/root/bench-fanout-${tag}`;
  // 4-port window per run, away from the lab's and the lessons' ports (22, 2379, 6443, 10250…).
  const basePort = 24_000 + (parseInt(tag.slice(0, 4), 16) % 1000) * 8;
  const vms = labHosts();
  // Host i: VM i % 2, port basePort + floor(i / 2).
  const endpoints = Array.from({ length: HOSTS }, (_, i) => ({ role: `h${i}`, vm: vms[i % 2], port: basePort + Math.floor(i / 2) }));
  const pidFile = (port) => `/run/bench-fanout-sshd-${tag}-${port}.pid`;
  const conns = new Map();
  const started = new Map(vms.map((vm) => [vm.role, []]));
  try {
    const { course } = await loadCourse(lessonsDir);
    const lesson = course.lessons.find((l) => l.id === LESSON);
    if (!lesson || lesson.checks.length === 0) throw new Error(`no checks in lesson ${LESSON}`);
    // {{certDir}} (and the one check that spells /root/certificates out) → the bench's folder.
    const specs = JSON.parse(JSON.stringify(lesson.checks).replaceAll('{{certDir}}', dir).replaceAll('/root/certificates', dir));
    if (JSON.stringify(specs).includes('{{')) throw new Error(`unresolved variable in the ${LESSON} checks`);

    for (const vm of vms) {
      const ports = endpoints.filter((e) => e.vm === vm).map((e) => e.port);
      started.get(vm.role).push(...ports); // before starting: a half-done start is cleaned up too
      labExec(vm.role, `set -e; mkdir -p ${dir} && chmod 700 ${dir} && cd ${dir}
openssl genrsa -out ca.key 2048 2>/dev/null
openssl req -x509 -new -key ca.key -days 3650 -subj "/CN=KUBERNETES-CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.crt
chmod 600 ca.key
for p in ${ports.join(' ')}; do /usr/sbin/sshd -p $p -o PidFile=/run/bench-fanout-sshd-${tag}-$p.pid -o LogLevel=ERROR; done`);
    }
    await Promise.all(endpoints.map(async (e) => {
      conns.set(e.role, await openLabConnection({ ...e.vm, port: e.port, hostname: `${e.vm.hostname}:${e.port}` }));
    }));
    const access = createHostAccess(async (role) => {
      const c = conns.get(role);
      if (!c || c.closed) throw new Error(`no connection for ${role}`);
      return c;
    });
    const specsFor = (e) => specs.map((s) => ({ ...s, id: `${s.id}@${e.role}`, host: e.role }));
    const one = specsFor(endpoints[0]);
    const ten = endpoints.flatMap(specsFor);
    const cpuMs = new Map(); // per list: this process's CPU time (engine + ssh2) per run
    const busy = new Map(); // per list: the share of the machine's cores busy during a run (anything on it)
    const timed = async (list) => {
      await new Promise((r) => setTimeout(r, IDLE_MS));
      const t = performance.now();
      const cpu = process.cpuUsage();
      const machine = machineCpu();
      const results = await runLessonChecks(list, access);
      const ms = performance.now() - t;
      const used = process.cpuUsage(cpu);
      const m = machineCpu();
      cpuMs.set(list, [...(cpuMs.get(list) ?? []), (used.user + used.system) / 1000]);
      busy.set(list, [...(busy.get(list) ?? []), (m.busy - machine.busy) / Math.max(1, m.total - machine.total)]);
      const bad = results.filter((r) => r.outcome !== 'pass');
      if (bad.length) throw new Error(`checksFanout: ${bad.length} of ${results.length} checks did not pass: ${JSON.stringify(bad.slice(0, 3))}`);
      return ms;
    };
    await timed(ten); // warm-up: every connection has run the checks once
    await timed(one);
    cpuMs.clear();
    busy.clear();
    const oneMs = [];
    const tenMs = [];
    for (let i = 0; i < RUNS; i++) {
      oneMs.push(await timed(one));
      tenMs.push(await timed(ten));
    }
    const oneHostMs = median(oneMs);
    const tenHostsMs = median(tenMs);
    const result = { oneHostMs: round(oneHostMs), tenHostsMs: round(tenHostsMs), ratio: round(tenHostsMs / oneHostMs, 3), checksPerHost: specs.length, hosts: HOSTS, runs: RUNS,
      // CPU time of the engine's own process (one thread: checks, ssh2 crypto, certificate parsing).
      oneHostEngineCpuMs: round(median(cpuMs.get(one))), tenHostsEngineCpuMs: round(median(cpuMs.get(ten))),
      // All cores of this machine (both VMs, their sshd and openssl, this process, anything else).
      tenHostsMachineBusy: round(median(busy.get(ten)), 2), cores: availableParallelism() };
    ctx.log(`checksFanout: ${specs.length} checks of "${LESSON}" per host, engine on 1 host ${result.oneHostMs} ms vs ${HOSTS} hosts at once ${result.tenHostsMs} ms (ratio ${result.ratio}; 1 = perfect fan-out, ${HOSTS} = none; median of ${RUNS}; a host = its own sshd + SSH connection, 5 per lab VM); the engine's CPU ${result.oneHostEngineCpuMs} vs ${result.tenHostsEngineCpuMs} ms; the machine's ${result.cores} cores ${Math.round(result.tenHostsMachineBusy * 100)} % busy during the 10-host run`);
    return result;
  } finally {
    for (const c of conns.values()) c.close();
    for (const vm of vms) {
      const kills = started.get(vm.role).map((p) => `[ -f ${pidFile(p)} ] && kill $(cat ${pidFile(p)}) 2>/dev/null; rm -f ${pidFile(p)}`).join('; ');
      try {
        labExec(vm.role, `${kills}${kills ? '; ' : ''}rm -rf ${dir}; true`);
      } catch (err) {
        ctx.log(`checksFanout: clean-up on ${vm.role} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}
