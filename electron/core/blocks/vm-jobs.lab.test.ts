// Blocks that outlive a dropped link, on the lab's kube-worker under its real systemd,
// through the whole core stack (host service, terminals, block service), logged in as the
// lab's sudo users: the unit is started through the connection's elevation (sudo -n, or
// sudo -S with the password), and the terminal that follows it is sudo's root shell.
// The link is cut with `lab.sh net worker down` (keepalives tuned to notice it in ~3 s);
// it is always brought back up. Fails (does not skip) when the lab is down.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiEvents, BlockRunEvent, HostProfile } from '../../../common/api';
import type { Course, Lesson } from '../../../common/course';
import { emptyProgress } from '../../../common/progress';
import { labExec, labHost, labNet, labSudoUsers } from '../../../e2e/helpers/lab';
import { createCourseModel } from '../course/course-model';
import { type HostService, createHostService } from '../hosts/host-service';
import { recordingBus, tempDir } from '../hosts/test-support';
import { MemorySecretStore } from '../secrets/secret-store';
import { type TerminalService, createTerminalService } from '../terminals/terminal-service';
import { type BlockService, createBlockService } from './block-service';
import { JOB_DIR, newJobId, startCommand } from './vm-jobs';

const NUMBERED = (n: number, pause: number) => `for i in $(seq 1 ${n}); do echo "line $i of ${n}"; sleep ${pause}; done\nid -u; pwd\nexit 3`;

function lesson(blocks: [string, string][]): Lesson {
  return {
    id: 'jobs', title: 'jobs', section: 'jobs', file: 'jobs.md', requires: [], checks: [], reset: [], segments: [],
    blocks: blocks.map(([id, code], i) => ({ id, lessonId: 'jobs', host: 'worker', lang: 'bash', code, line: i + 1, variables: [] })),
  };
}

const course: Course = {
  id: 'jobs', title: 'jobs', versions: {}, variables: {}, artifacts: [],
  hosts: [{ role: 'worker', hostname: 'kube-worker', minimum: { memoryMiB: 1, cpus: 1 } }],
  lessons: [lesson([['quick', NUMBERED(5, 0.2)], ['long', NUMBERED(12, 1)]])],
};

let data: { path: string; remove: () => Promise<void> };
let bus: ReturnType<typeof recordingBus>;
let hosts: HostService;
let terminals: TerminalService;
let blocks: BlockService;
let output: string;

beforeEach(async () => {
  data = await tempDir('vm-jobs-lab');
  bus = recordingBus();
  output = '';
  hosts = createHostService({
    dataDir: data.path, homeDir: data.path, secrets: new MemorySecretStore(), events: bus.events, course,
    options: { keepaliveIntervalMs: 1000, keepaliveCountMax: 2, reachTimeoutMs: 3000 },
  });
  bus.events.subscribe((name, payload) => {
    if (name === 'hostkey:prompt') void hosts.acceptHostKey((payload as { role: string }).role, (payload as { fingerprint: string }).fingerprint);
    if (name === 'terminal:data') {
      const p = payload as ApiEvents['terminal:data'];
      output += Buffer.from(p.data).toString('utf8'); // a batch ends on a character boundary
      void terminals.ackTerminal(p.terminalId, p.data.length);
    }
  });
  terminals = createTerminalService({ events: bus.events, shells: hosts, reconnect: { initialDelayMs: 500, maxDelayMs: 2000 } });
  const progress = emptyProgress();
  const model = createCourseModel({ course, listHosts: () => hosts.listHosts(), progress: () => progress, updateProgress: async (change) => change(progress) });
  blocks = createBlockService({ model, events: bus.events, terminals, connection: (role) => hosts.connection(role) });
});

afterEach(async () => {
  labNet('worker', 'up');
  blocks.dispose();
  await terminals.dispose();
  await hosts.dispose();
  await data.remove();
});

async function saveWorker(user: string, sudoPassword?: string): Promise<void> {
  const h = labHost('worker');
  const profile: HostProfile = { role: 'worker', address: h.address, port: h.port, user, auth: { method: 'password', password: h.password }, ...(sudoPassword !== undefined ? { sudoPassword } : {}) };
  await hosts.saveHost(profile);
}

const states = (blockId: string) => bus.seen.filter((e) => e.name === 'block:state' && (e.payload as BlockRunEvent).blockId === blockId).map((e) => e.payload as BlockRunEvent);
const until = async <T>(what: string, fn: () => T | undefined, ms = 60_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; terminal output: ${JSON.stringify(output.slice(-2000))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
const finalState = (blockId: string) => until(`the end of ${blockId}`, () => states(blockId).find((s) => s.state !== 'running' && s.state !== 'queued'), 120_000);
/** The terminal's text without escapes, as the learner reads it. */
// eslint-disable-next-line no-control-regex
const shown = () => output.replace(/\x1b\][^\x07]*\x07|\x1b\[[0-?]*[ -/]*[@-~]/g, '').replace(/\r/g, '');
const count = (line: string) => shown().split('\n').filter((l) => l === line).length;
const leftOnVm = () => labExec('worker', `ls -A ${JOB_DIR} 2>/dev/null; systemctl list-units --all --no-legend 'k8s-tutor-block-*'; true`);

function expectEveryLineOnce(n: number): void {
  for (let i = 1; i <= n; i++) expect(count(`line ${i} of ${n}`), `line ${i} of ${n}`).toBe(1);
  const order = [...shown().matchAll(new RegExp(`^line (\\d+) of ${n}$`, 'gm'))].map((m) => Number(m[1]));
  expect(order).toEqual(Array.from({ length: n }, (_, i) => i + 1));
}

describe.each([
  ['passwordless sudo', () => saveWorker(labSudoUsers().nopasswd)],
  ['sudo with a password', () => saveWorker(labSudoUsers().password, labHost('worker').password)],
])('a block on the VM, logged in with %s', (_name, save) => {
  it('runs as root in root\'s home, shows its output in the terminal, ends with its status; nothing is left on the VM', async () => {
    await save();
    await blocks.runBlock('jobs', 'quick');
    const end = await finalState('quick');
    expect(end, shown()).toMatchObject({ state: 'failed', exitCode: 3 });
    expectEveryLineOnce(5);
    expect(shown()).toMatch(/^0\n\/root$/m);
    await until('the job removed', () => leftOnVm() === '' || undefined, 15_000);
  }, 120_000);
});

describe('a dropped link', () => {
  it('a block that ends while the link is down: followed again after the reconnect, every line once, its real status', async () => {
    await saveWorker(labSudoUsers().nopasswd);
    await blocks.runBlock('jobs', 'long');
    await until('line 2', () => count('line 2 of 12') === 1 || undefined);
    labNet('worker', 'down');
    try {
      await until('the drop noticed', () => states('long').some((s) => s.state === 'running' && /dropped/.test(s.reason ?? '')) || undefined, 30_000);
      // No live check may run there meanwhile.
      expect(blocks.busy('worker')).toBe(true);
      // The block goes on for ~10 s more: it ends while the link is down.
      await new Promise((r) => setTimeout(r, 14_000));
    } finally {
      labNet('worker', 'up');
    }
    const end = await finalState('long');
    expect(end, shown()).toMatchObject({ state: 'failed', exitCode: 3 });
    expectEveryLineOnce(12);
    await until('the job removed', () => leftOnVm() === '' || undefined, 15_000);
  }, 180_000);

  it('a command the learner typed is cut, and a notice says so', async () => {
    await saveWorker(labSudoUsers().nopasswd);
    const terminalId = await terminals.terminalFor('worker');
    await terminals.whenConnected(terminalId, 30_000);
    await until('the first prompt', () => output.includes('\x1b]6973;D;') || undefined);
    await terminals.writeTerminal(terminalId, 'sleep 120\r');
    await until('the command started', () => output.includes('\x1b]6974;C\x07') || undefined);
    labNet('worker', 'down');
    try {
      const notice = await until('the notice', () => bus.seen.find((e) => e.name === 'notice' && /cut off/.test((e.payload as { message: string }).message)), 30_000);
      expect((notice.payload as { message: string }).message).toContain('kube-worker');
    } finally {
      labNet('worker', 'up');
    }
  }, 120_000);
});

describe('jobs nobody follows', () => {
  it('are removed at the next connection once they have ended; one still running is left alone', async () => {
    await saveWorker(labSudoUsers().nopasswd);
    const [ended, running] = [newJobId(), newJobId()];
    expect((await hosts.exec('worker', startCommand(ended, 'echo orphan'))).code).toBe(0);
    expect((await hosts.exec('worker', startCommand(running, 'sleep 600'))).code).toBe(0);
    await until('the ended job\'s status', () => labExec('worker', `ls ${JOB_DIR}`).includes(`${ended}.status`) || undefined, 15_000);
    // A terminal connects: the sweep runs.
    await terminals.whenConnected(await terminals.terminalFor('worker'), 30_000);
    await until('the ended job swept', () => !labExec('worker', `ls ${JOB_DIR}`).includes(ended) || undefined, 15_000);
    expect(labExec('worker', `ls ${JOB_DIR}`)).toContain(`${running}.out`);
    expect(labExec('worker', `systemctl is-active k8s-tutor-block-${running}.service`)).toBe('active\n');
    // Stopped (no status ever written) a while ago: the next connection removes it too.
    labExec('worker', `systemctl stop k8s-tutor-block-${running}.service; touch -d '-2 min' ${JOB_DIR}/${running}.*`);
    hosts.disconnect('worker');
    await until('the stopped job swept', () => leftOnVm() === '' || undefined, 60_000);
  }, 120_000);
});
