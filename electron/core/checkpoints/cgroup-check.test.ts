// Lesson 04's containerd check, its real command in real bash under the command kind's
// `set -o pipefail`, against a stand-in `containerd` (a shell function) that prints a config
// dump whose wanted lines come early and are followed by more than a pipe's buffer of other
// settings, as containerd's real dump is long. `grep -q` there quits at the first match and
// kills the writer with SIGPIPE, which pipefail turned into a failure of a correct setup (seen
// in the lab now and then): the check must pass, every time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../../common/course';
import { commandLine } from '../checks/kinds/command';
import { loadCourse } from '../lessons';

const { course } = await loadCourse(join(import.meta.dirname, '..', '..', '..', 'lessons'));
const check = course.lessons.find((l) => l.id === 'install-dependencies')?.checks.find((c) => c.id === 'systemd-cgroups') as Extract<CheckSpec, { kind: 'command' }>;

function runWithDump(dump: string): { status: number | null; stdout: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cgroup-check-'));
  try {
    writeFileSync(join(dir, 'dump'), dump);
    const stub = `containerd() { cat "$DUMP_FILE"; }; export -f containerd\n`;
    const r = spawnSync('bash', ['-c', `${stub}${commandLine(check.run)}`], { encoding: 'utf8', env: { ...process.env, DUMP_FILE: join(dir, 'dump') } });
    return { status: r.status, stdout: r.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("lesson 04's containerd check, in bash", () => {
  const wanted = ['version = 2', '  sandbox_image = "registry.k8s.io/pause:3.7"', '      bin_dir = "/usr/lib/cni"', '            SystemdCgroup = true'];
  const padding = Array.from({ length: 6000 }, (_, i) => `  setting_${i} = "a value long enough to fill the pipe"`);

  it('passes a correct config every time, however long the dump after the wanted lines', () => {
    for (let i = 0; i < 5; i++) {
      const r = runWithDump([...wanted, ...padding, ''].join('\n'));
      expect(r).toEqual({ status: 0, stdout: 'ok: SystemdCgroup = true\nok: sandbox_image = "registry.k8s.io/pause:3.7"\nok: bin_dir = "/usr/lib/cni"\n' });
    }
  });

  it('names the line that is missing', () => {
    const r = runWithDump([...wanted.filter((l) => !l.includes('sandbox_image')), ...padding, ''].join('\n'));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('missing: sandbox_image = "registry.k8s.io/pause:3.7"');
  });
});
