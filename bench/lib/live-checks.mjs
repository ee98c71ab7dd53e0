// liveChecks: what watching costs. With every lesson through etcd passed in the lab (a
// "Catch me up" on the API server's lesson, in a browser host of its own so that no other
// figure runs beside its background checks), it measures CPU time per minute of watching
// at the default interval, on the VMs and in core, against checking every passed lesson
// once (Check my work on each) with watching paused, in the same run.
//
// VM CPU time: the sum of utime+stime+cutime+cstime over the VM's processes, read from the
// host's /proc (every process of the VM descends from its PID 1, so the time of a check's
// short-lived commands is in their parents' cutime once they are reaped). Core CPU time:
// the same sum over the browser host's process tree. An idle minute with watching paused
// is measured too: the VMs' and core's own background (systemd, etcd, containerd, Node).
// Needs the e2e lab (npm run lab -- up) and leaves the VMs as the lessons' resets leave them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectApi, signIn } from '../../e2e/helpers/api-client.ts';
import { labExec, labVariableOverrides } from '../../e2e/helpers/lab.ts';
import { configureLabHosts } from '../../e2e/helpers/setup-hosts.ts';
import { startHost } from './host.mjs';

const LAB = new URL('../../e2e/lab/lab.sh', import.meta.url).pathname;
const TICK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const MINUTE_MS = Number(process.env.TUTOR_BENCH_WATCH_MS || 60_000);
const THROUGH_ETCD = ['what-is-kubernetes', 'cluster-architecture', 'set-up-the-nodes', 'install-dependencies', 'download-binaries', 'configuration-pattern', 'certificate-authority', 'etcd'];
const RESETS = ['etcd', 'certificate-authority', 'download-binaries', 'install-dependencies', 'set-up-the-nodes'];

/** CPU seconds of a process: its own and its reaped children's. */
function cpuOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICK;
  } catch {
    return 0; // it ended between the listing and the read
  }
}

function vmCpu(role) {
  const pids = execFileSync('ip', ['netns', 'pids', `lab-kube-${role}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
  return pids.reduce((sum, pid) => sum + cpuOf(pid), 0);
}

function treeCpu(root) {
  const parent = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const inTree = (pid) => {
    for (let p = pid; p > 1; p = parent.get(p) ?? 0) if (p === root) return true;
    return false;
  };
  return [...parent.keys()].filter(inTree).reduce((sum, pid) => sum + cpuOf(pid), 0);
}

const sample = (corePid) => ({ vm: vmCpu('master') + vmCpu('worker'), core: treeCpu(corePid), at: performance.now() });
const diff = (a, b) => ({ vm: b.vm - a.vm, core: b.core - a.core, ms: b.at - a.at });
const perMinute = (d) => ({ vmCpuS: Number(((d.vm * 60_000) / d.ms).toFixed(3)), coreCpuS: Number(((d.core * 60_000) / d.ms).toFixed(3)) });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function liveChecks(ctx) {
  const work = mkdtempSync(join(tmpdir(), 'bench-live-'));
  const host = await startHost({ dataDir: join(work, 'data'), home: join(work, 'home') });
  // The printed token signs in once; this run's API client carries the session.
  const api = await connectApi(await signIn(host.url));
  try {
    await configureLabHosts(api, 'key');
    await api.updateSettings({ variableOverrides: labVariableOverrides(), watchPaused: true });
    for (const id of RESETS) for (const step of (await api.planReset(id)).steps) labExec(step.host, `${step.run}\ntrue`);
    execFileSync('bash', [LAB, 'artifacts', '--with-standins', join(work, 'artifacts')], { stdio: ['ignore', 'ignore', 'inherit'] });
    await api.importArtifacts(join(work, 'artifacts'));
    await api.uploadArtifacts('master');
    await api.uploadArtifacts('worker');
    ctx.log('liveChecks: catching up on lessons 01–08 in the lab…');
    await api.catchUp('api-server');
    const deadline = Date.now() + 600_000;
    for (;;) {
      const { states } = await api.getProgress();
      if (THROUGH_ETCD.every((id) => states[id] === 'passed')) break;
      if (Date.now() > deadline) throw new Error(`lessons through etcd did not pass: ${JSON.stringify(states)}`);
      await sleep(1_000);
    }
    const { course } = await api.getCourse();
    const checked = course.lessons.filter((l) => THROUGH_ETCD.includes(l.id) && l.checks.length > 0).map((l) => l.id);

    // Idle, paused: the background of the VMs and of core.
    await sleep(5_000);
    let a = sample(host.pid);
    await sleep(MINUTE_MS);
    const idle = diff(a, sample(host.pid));

    // Checking them once (paused: nothing else runs).
    a = sample(host.pid);
    const durations = {};
    for (const id of checked) {
      const t = performance.now();
      const results = await api.runChecks(id);
      durations[id] = Math.round(performance.now() - t);
      if (!results.every((r) => r.outcome === 'pass')) throw new Error(`${id} does not pass: ${JSON.stringify(results.filter((r) => r.outcome !== 'pass'))}`);
    }
    const once = diff(a, sample(host.pid));

    // Watching at the default interval.
    const { settings } = await api.updateSettings({ watchPaused: false });
    await sleep(3_000);
    a = sample(host.pid);
    await sleep(MINUTE_MS);
    const watching = diff(a, sample(host.pid));
    await api.updateSettings({ watchPaused: true });

    const watch = perMinute({ vm: watching.vm - (idle.vm * watching.ms) / idle.ms, core: watching.core - (idle.core * watching.ms) / idle.ms, ms: watching.ms });
    const result = {
      intervalS: settings.watchIntervalSeconds,
      lessonsPassed: THROUGH_ETCD.length,
      lessonsWithChecks: checked.length,
      watchPerMinute: watch,
      checkOnce: { vmCpuS: Number(once.vm.toFixed(3)), coreCpuS: Number(once.core.toFixed(3)), wallMs: Math.round(once.ms) },
      checkOnceMsPerLesson: durations,
      idlePerMinute: perMinute(idle),
      ratioVm: Number((watch.vmCpuS / Math.max(once.vm, 1 / TICK)).toFixed(2)),
      ratioCore: Number((watch.coreCpuS / Math.max(once.core, 1 / TICK)).toFixed(2)),
    };
    ctx.log(`liveChecks: watching ${result.lessonsPassed} passed lessons (${result.lessonsWithChecks} with checks) every ${result.intervalS} s costs, per minute beyond idle, ${watch.vmCpuS} s of VM CPU and ${watch.coreCpuS} s of core CPU; checking them all once costs ${result.checkOnce.vmCpuS} s and ${result.checkOnce.coreCpuS} s (ratios ${result.ratioVm} and ${result.ratioCore}: one minute of watching = that many full checks). Idle: ${result.idlePerMinute.vmCpuS} s VM, ${result.idlePerMinute.coreCpuS} s core per minute.`);
    return result;
  } finally {
    await api.updateSettings({ watchPaused: true }).catch(() => undefined);
    if (!process.env.E2E_KEEP_LESSONS) {
      for (const id of RESETS) {
        const plan = await api.planReset(id).catch(() => undefined);
        for (const step of plan?.steps ?? []) labExec(step.host, `${step.run}\ntrue`);
      }
    }
    api.close();
    await host.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
