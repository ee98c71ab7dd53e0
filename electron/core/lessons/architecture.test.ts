// The real course on arm64 VMs and on a mixed pair: every block and check of the lessons
// that name an archive resolves to that VM's own architecture, the archives the real
// course.yaml lists follow each VM, and the published v1.24.10 digests are pinned for both.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CourseFileSchema, type Course } from '../../../common/course';
import { resolveVariables, variableValues } from '../../../common/variables';
import { createArtifactService } from '../artifacts/artifact-service';
import { eventLog, testHosts, testResolver } from '../artifacts/test-support';
import { loadCourse } from './index';

const ROOT = join(import.meta.dirname, '..', '..', '..');
let course: Course;
let dataDir: string;
beforeAll(async () => {
  course = (await loadCourse(join(ROOT, 'lessons'))).course;
  dataDir = await mkdtemp(join(tmpdir(), 'arch-course-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** Every block and check text of the course, resolved for these hosts, with the role it runs on. */
function resolvedTexts(arch: { master: 'amd64' | 'arm64'; worker: 'amd64' | 'arm64' }) {
  const values = variableValues(course, testHosts(arch).map((h) => ({ ...h, privateIp: h.role === 'master' ? '10.0.0.10' : '10.0.0.11' })));
  const out: { lesson: string; role: string; text: string }[] = [];
  for (const l of course.lessons) {
    const items = [
      ...l.blocks.map((b) => ({ host: b.host, text: b.code })),
      ...l.checks.map((c) => ({ host: c.host, text: JSON.stringify(c) })),
    ];
    for (const { host, text } of items) {
      const r = resolveVariables(text, values);
      expect(r.missing, `${l.id}: ${text.slice(0, 80)}`).toEqual([]);
      out.push({ lesson: l.id, role: host === 'any' ? 'master' : host, text: r.text! });
    }
  }
  return out;
}

describe('the course on arm64 VMs', () => {
  it('resolves every archive, URL and path of lessons 05 and 08 to arm64, and none to amd64', () => {
    const texts = resolvedTexts({ master: 'arm64', worker: 'arm64' });
    const named = texts.filter((t) => /linux-(amd64|arm64)/.test(t.text));
    expect(new Set(named.map((t) => t.lesson))).toEqual(new Set(['download-binaries', 'etcd']));
    expect(named.filter((t) => t.text.includes('amd64'))).toEqual([]);
    const all = named.map((t) => t.text).join('\n');
    for (const file of ['kubernetes-server-linux-arm64.tar.gz', 'kubernetes-node-linux-arm64.tar.gz', 'etcd-v3.5.4-linux-arm64.tar.gz', 'crictl-v1.24.2-linux-arm64.tar.gz', 'cd /root/binaries/etcd-v3.5.4-linux-arm64']) {
      expect(all).toContain(file);
    }
  });

  it('a mixed pair: the amd64 master gets amd64, the arm64 worker arm64', () => {
    const named = resolvedTexts({ master: 'amd64', worker: 'arm64' }).filter((t) => /linux-(amd64|arm64)/.test(t.text));
    expect(named.length).toBeGreaterThan(8);
    for (const t of named) {
      const wanted = t.role === 'worker' ? 'arm64' : 'amd64';
      const other = wanted === 'arm64' ? 'amd64' : 'arm64';
      expect(t.text, `${t.lesson} on ${t.role}`).toContain(`linux-${wanted}`);
      expect(t.text, `${t.lesson} on ${t.role}`).not.toContain(`linux-${other}`);
    }
  });

  it('the user-facing prose no longer tells learners to use the x86 edition', async () => {
    const { readFile } = await import('node:fs/promises');
    const setup = await readFile(join(ROOT, 'lessons', '03-set-up-the-nodes.md'), 'utf8');
    expect(setup).not.toMatch(/64-bit x86/);
    expect(setup).toContain('amd64 or arm64');
  });

  it('the archives of the real course follow each VM, checked against the pinned digests of v1.24.10 where course.yaml has them', async () => {
    const hosts = testHosts({ master: 'amd64', worker: 'arm64' });
    const svc = createArtifactService({
      course, dataDir, events: eventLog().events,
      resolve: testResolver(course, () => ({}), () => hosts),
      connection: async () => { throw new Error('no VM in this test'); },
    });
    const rows = await svc.listArtifacts();
    expect(rows.map((r) => [r.id, r.hosts.join(), r.arch, r.dest.split('/').at(-1), r.digestSource?.kind])).toEqual([
      ['kubernetes-server', 'master', 'amd64', 'kubernetes-server-linux-amd64.tar.gz', 'pinned'],
      ['kubernetes-node', 'worker', 'arm64', 'kubernetes-node-linux-arm64.tar.gz', 'pinned'],
      ['etcd', 'master', 'amd64', 'etcd-v3.5.4-linux-amd64.tar.gz', 'checksum-file'],
      ['crictl', 'worker', 'arm64', 'crictl-v1.24.2-linux-arm64.tar.gz', 'checksum-file'],
    ]);
    expect(rows.every((r) => r.problem === undefined)).toBe(true);
  });

  it('pins a sha512 for both architectures of the Kubernetes archives, for versions.kubernetes', () => {
    for (const id of ['kubernetes-server', 'kubernetes-node']) {
      const a = course.artifacts.find((x) => x.id === id)!;
      expect(a.pinned?.version).toBe('kubernetes');
      expect(Object.keys(a.pinned!.digests).sort()).toEqual(['amd64', 'arm64']);
      for (const d of Object.values(a.pinned!.digests)) expect(d).toMatch(/^[0-9a-f]{128}$/);
    }
  });
});

describe('course.yaml schema for pinned digests', () => {
  const file = (pinned: unknown, versions: Record<string, string> = { kubernetes: '1.24.10' }) => ({
    id: 'c', title: 'C', versions, hosts: [{ role: 'master', hostname: 'm', minimum: { memoryMiB: 1, cpus: 1 } }], lessons: ['a.md'],
    artifacts: [{ id: 'k', title: 'K', hosts: ['master'], url: 'https://x/{{arch}}', checksumUrl: 'https://x/s', algorithm: 'sha512', dest: '/root/k-{{arch}}', pinned }],
  });
  const issues = (data: unknown) => { const r = CourseFileSchema.safeParse(data); return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`); };

  it('accepts digests of the artifact\'s algorithm for known architectures and a known version key', () => {
    expect(issues(file({ version: 'kubernetes', digests: { amd64: 'a'.repeat(128), arm64: 'b'.repeat(128) } }))).toEqual([]);
  });

  it('refuses a digest of another length, an unknown architecture and a version key that is not in versions', () => {
    expect(issues(file({ version: 'kubernetes', digests: { amd64: 'a'.repeat(64) } }))).toEqual(['artifacts.0.pinned.digests.amd64: not a sha512 digest (128 hex digits)']);
    expect(issues(file({ digests: { riscv64: 'a'.repeat(128) } })).join()).toMatch(/riscv64/);
    expect(issues(file({ version: 'kube', digests: {} }))).toEqual(['artifacts.0.pinned.version: "kube" is not a key of versions']);
  });
});
