// The VM job's scripts run here in a real bash, in a temporary folder instead of /run.
// systemd cannot run in this test: `systemd-run` and `systemctl` are small stand-ins on
// PATH (systemd-run runs the unit's command with its output in the file it names; systemctl
// answers MainPID from a file, and is-active from marker files). The lab test
// (vm-jobs.lab.test.ts) runs the same commands under the VM's real systemd.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FollowReader, NO_SYSTEMD, attachCommand, blockScript, cleanupCommand, newJobId, startCommand, sweepCommand, unitName } from './vm-jobs';

const root = mkdtempSync(join(tmpdir(), 'vm-jobs-'));
const bin = join(root, 'bin');
const stub = join(root, 'stub');
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  mkdirSync(bin);
  mkdirSync(stub);
  writeFileSync(join(bin, 'systemd-run'), [
    '#!/bin/bash',
    '# Records its arguments; runs the command in the background with StandardOutput=file:PATH.',
    `printf '%s\\n' "$@" > "${stub}/systemd-run.args"`,
    'out=; while [ $# -gt 0 ]; do case "$1" in --property=StandardOutput=file:*) out=${1#--property=StandardOutput=file:} ;; --*) ;; *) break ;; esac; shift; done',
    '# A service starts with Ctrl-C at its default action (a background job of bash ignores it).',
    `env --default-signal=INT "$@" > "$out" 2>&1 & echo $! > "${stub}/pid"`,
    '',
  ].join('\n'));
  writeFileSync(join(bin, 'systemctl'), [
    '#!/bin/bash',
    `case "$1" in`,
    `  show) p=$(cat "${stub}/pid" 2>/dev/null); if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then echo "$p"; else echo 0; fi ;;`,
    '  kill) tree() { echo "$1"; for c in $(pgrep -P "$1"); do tree "$c"; done; }; kill -INT $(tree "$(cat "' + stub + '/pid")") ;;',
    `  is-active) [ -e "${stub}/active-\${3%.service}" ] ;;`,
    `  reset-failed) echo "$2" >> "${stub}/reset-failed" ;;`,
    `  is-system-running) if [ -e "${stub}/offline" ]; then echo offline; exit 1; else echo degraded; exit 1; fi ;;`,
    'esac',
    '',
  ].join('\n'));
  chmodSync(join(bin, 'systemd-run'), 0o755);
  chmodSync(join(bin, 'systemctl'), 0o755);
  env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: root };
});

afterAll(() => {
  spawnSync('rm', ['-rf', root]);
});

const bash = (script: string, args: string[] = []) => spawnSync('bash', ['-c', script, 'bash', ...args], { env, encoding: 'utf8', timeout: 30_000 });

/** Starts a job in `dir` through the stand-in systemd-run; waits until its status file exists. */
async function runJob(dir: string, text: string): Promise<string> {
  const id = newJobId();
  const started = bash(startCommand(id, text, dir));
  expect(started.stderr).toBe('');
  expect(started.status).toBe(0);
  for (let i = 0; i < 300 && !existsSync(join(dir, `${id}.status`)); i++) await new Promise((r) => setTimeout(r, 50));
  return id;
}

function attach(dir: string, id: string, fromLine: number) {
  return bash(attachCommand(id, fromLine, dir));
}

/** What a terminal shows of a follower's output, marks read by FollowReader. */
function read(id: string, output: string, chunk = output.length): FollowReader {
  const reader = new FollowReader(id);
  for (let i = 0; i < output.length; i += chunk) reader.push(output.slice(i, i + chunk));
  return reader;
}

/** The output without its invisible OSC marks. */
const visible = (text: string) => text.replace(new RegExp(`${String.fromCharCode(27)}\\][^${String.fromCharCode(7)}]*${String.fromCharCode(7)}`, 'g'), '');

describe('blockScript', () => {
  it.each([
    ['echo a', 0],
    ['false\necho still-here', 1],
    ['(exit 4)', 4],
    ['exit 3', 3],
    ['true\n(exit 5)\n(exit 6)\ntrue', 5],
    ['if false; then :; fi\necho conditions do not count', 0],
  ])('%j exits %i, like the terminal: the first failing command fails the block', (text, status) => {
    expect(bash(blockScript(text)).status).toBe(status);
  });
});

describe('a job started and followed', () => {
  const dir = join(root, 'run', 'blocks');

  it('keeps the block exactly (quotes, $, heredocs, backslashes), runs it in a login shell in root-like env, and reports its status', async () => {
    const text = `V='it'"'"'s $HOME'\ncat <<'EOF'\n$V "quoted" \\n back\\slash\nEOF\necho "$V" \necho err >&2\nexit 7`;
    const id = await runJob(dir, text);
    const args = readFileSync(join(stub, 'systemd-run.args'), 'utf8').split('\n');
    expect(args).toContain(`--unit=${unitName(id)}`);
    expect(args).toContain('--collect');
    expect(args).toContain(`--property=StandardOutput=file:${dir}/${id}.out`);
    const r = attach(dir, id, 1);
    expect(r.status).toBe(7);
    // The learner's dim line goes before the start mark, on stderr: it is not the job's output.
    expect(r.stderr).toContain(`running on this VM as ${unitName(id)}: it keeps running if the connection drops`);
    expect(r.stdout).toContain(`$V "quoted" \\n back\\slash\nit's $HOME\nerr\n`);
    const reader = read(id, r.stdout);
    expect(reader.started).toBe(true);
    expect(reader.status).toBe(7);
    expect(reader.lines).toBe(3);
    expect(readdirSync(dir).sort()).toEqual([`${id}.attach`, `${id}.out`, `${id}.run`, `${id}.sh`, `${id}.status`]);
  });

  it('follows again from a given line: the lines before it are not shown twice', async () => {
    const id = await runJob(dir, 'for i in $(seq 1 9); do echo "line $i"; done\nexit 3');
    const r = attach(dir, id, 6);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('following it again from line 6, after a dropped connection');
    const reader = read(id, r.stdout, 5);
    expect(reader.status).toBe(3);
    expect(reader.lines).toBe(4);
    expect(visible(r.stdout)).toBe('line 6\nline 7\nline 8\nline 9\n');
  });

  it('follows a job that is still running until it ends, in order', async () => {
    const id = newJobId();
    expect(bash(startCommand(id, 'for i in 1 2 3 4 5; do echo "n $i"; sleep 0.2; done\nexit 2', dir)).status).toBe(0);
    const r = attach(dir, id, 1);
    expect(r.status).toBe(2);
    expect(visible(r.stdout)).toBe('n 1\nn 2\nn 3\nn 4\nn 5\n');
  });

  it('Ctrl-C while following interrupts the job, which still reports its status', async () => {
    const id = newJobId();
    expect(bash(startCommand(id, 'echo started\nsleep 20\necho never', dir)).status).toBe(0);
    const follower = spawn('bash', ['-c', attachCommand(id, 1, dir)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    follower.stdout.on('data', (d: Buffer) => (out += d.toString()));
    while (!out.includes('started')) await new Promise((r) => setTimeout(r, 50));
    follower.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => follower.on('exit', resolve));
    expect(code).toBe(130);
    expect(read(id, out).status).toBe(130);
    expect(out).not.toContain('never');
  });

  it('a job whose status never came (its unit was stopped) is reported as lost', async () => {
    const id = await runJob(dir, 'echo hi');
    execFileSync('rm', [join(dir, `${id}.status`)]);
    const r = attach(dir, id, 1);
    expect(r.status).toBe(255);
    expect(read(id, r.stdout).status).toBe('lost');
  });

  it('on a VM whose init is not systemd, starts nothing and says so with its own status', () => {
    const other = join(root, 'no-systemd');
    writeFileSync(join(stub, 'offline'), '');
    try {
      expect(bash(startCommand(newJobId(), 'echo hi', other)).status).toBe(NO_SYSTEMD);
    } finally {
      execFileSync('rm', [join(stub, 'offline')]);
    }
    expect(existsSync(other)).toBe(false);
  });

  it('cleanupCommand removes every file of the job and nothing else', async () => {
    const a = await runJob(dir, 'echo a');
    const b = await runJob(dir, 'echo b');
    expect(bash(cleanupCommand(a, dir)).status).toBe(0);
    const left = readdirSync(dir);
    expect(left.some((f) => f.startsWith(a))).toBe(false);
    expect(left.filter((f) => f.startsWith(b))).toHaveLength(5);
    expect(readFileSync(join(stub, 'reset-failed'), 'utf8')).toContain(unitName(a));
  });
});

describe('sweepCommand', () => {
  it('removes ended jobs nobody follows; keeps those followed, still running, or just starting', () => {
    const dir = join(root, 'sweep');
    mkdirSync(dir);
    const [ended, running, followed, stopped, starting] = [newJobId(), newJobId(), newJobId(), newJobId(), newJobId()];
    for (const id of [ended, running, followed, stopped, starting]) for (const ext of ['sh', 'run', 'attach', 'out']) writeFileSync(join(dir, `${id}.${ext}`), '');
    // Stopped two minutes ago (no status, no unit); `starting` was written just now, its unit not yet started.
    for (const ext of ['sh', 'run', 'attach', 'out']) utimesSync(join(dir, `${stopped}.${ext}`), new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    writeFileSync(join(dir, `${ended}.status`), '0\n');
    writeFileSync(join(dir, `${followed}.status`), '0\n');
    writeFileSync(join(stub, `active-k8s-tutor-block-${running}`), '');
    expect(bash(sweepCommand([followed], dir)).status).toBe(0);
    const left = new Set(readdirSync(dir).map((f) => f.split('.')[0]));
    expect(left).toEqual(new Set([running, followed, starting]));
  });

  it('is content when there is no folder yet', () => {
    expect(bash(sweepCommand([], join(root, 'none'))).status).toBe(0);
  });

  it('refuses an id that is not one of ours (it goes into a shell command)', () => {
    expect(() => sweepCommand(['x; rm -rf /'])).toThrow(/not a job id/);
    expect(() => attachCommand('../../etc', 1)).toThrow(/not a job id/);
  });
});

describe('FollowReader', () => {
  const id = 'abcdef0123456789';
  const out = `\x1b]6974;A;${id}\x07line 1\r\nline 2\r\npart\x1b]6974;S;${id};3\x07\r\n`;

  it.each([1, 2, 3, 7, out.length])('counts the lines between its marks and reads the status, in chunks of %i', (chunk) => {
    const reader = read(id, `prompt$ bash x.attach 1\r\n${out}`, chunk);
    expect(reader.lines).toBe(2);
    expect(reader.status).toBe(3);
  });

  it('counts nothing before its start mark, and ignores another job\'s marks', () => {
    const reader = read('0000000000000000', out);
    expect(reader.started).toBe(false);
    expect(reader.lines).toBe(0);
    expect(reader.status).toBeUndefined();
  });

  it('stops counting at the status: the prompt that follows is not output', () => {
    const reader = read(id, `${out}more\r\n\x1b]6973;D;3;3;AA==\x07`);
    expect(reader.lines).toBe(2);
  });

  it('a link cut mid-output: the lines shown in full so far', () => {
    const reader = read(id, `\x1b]6974;A;${id}\x07line 1\r\nline 2\r\nli`, 4);
    expect(reader.status).toBeUndefined();
    expect(reader.lines).toBe(2);
  });
});
