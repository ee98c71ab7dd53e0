import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCourse } from './index';
import { fixtureLessons, FIXTURES } from './test-support';

describe('loadCourse on the clean fixture', async () => {
  const { course, problems } = await loadCourse(fixtureLessons('clean'));
  const lesson = (id: string) => {
    const found = course.lessons.find((l) => l.id === id);
    if (!found) throw new Error(`no lesson ${id}`);
    return found;
  };

  it('has no problems and reads course.yaml', () => {
    expect(problems).toEqual([]);
    expect(course).toMatchObject({
      id: 'fixture-course',
      title: 'Fixture Course',
      description: 'A small, valid course for the lesson engine\'s tests.',
      variables: { clusterCidr: '10.200.0.0/16' },
    });
    expect(course.hosts.map((h) => h.role)).toEqual(['master', 'worker']);
  });

  it('keeps versions as written, even ones YAML reads as numbers', () => {
    expect(course.versions).toEqual({ kubernetes: '1.24.10', etcd: '3.5.4', pause: '3.70' });
  });

  it('keeps the lessons in course order with their file names', () => {
    expect(course.lessons.map((l) => [l.id, l.file])).toEqual([
      ['welcome', '01-welcome.md'], ['etcd', '02-etcd.md'], ['worker', 'sub/03-worker.md'],
    ]);
  });

  it('defaults requires to the previous lesson, none for the first', () => {
    expect(lesson('welcome').requires).toEqual([]);
    expect(lesson('etcd').requires).toEqual(['welcome']);
    expect(lesson('worker').requires).toEqual(['welcome']);
  });

  it('reads front matter fields, checks and reset', () => {
    const etcd = lesson('etcd');
    expect(etcd).toMatchObject({ title: 'Configure etcd', section: 'Configure etcd', builds: 'etcd' });
    expect(etcd.checks.map((c) => [c.id, c.kind])).toEqual([
      ['etcd-certificate', 'certificate'], ['etcd-running', 'systemd'], ['etcd-healthy', 'command'],
    ]);
    expect(etcd.reset).toEqual([{ host: 'master', run: 'systemctl disable --now etcd; rm -rf /var/lib/etcd' }]);
    expect(lesson('welcome')).toMatchObject({ summary: 'What you will build.', checks: [], reset: [] });
  });

  it('builds runnable blocks with ids, hosts, titles, fence lines and variables', () => {
    expect(lesson('etcd').blocks).toEqual([
      {
        id: 'etcd-download', lessonId: 'etcd', host: 'master', lang: 'bash', title: "Download etcd's release",
        code: 'wget https://example.invalid/etcd-v{{versions.etcd}}.tar.gz', line: 29, variables: ['versions.etcd'],
      },
      {
        id: 'etcd-2', lessonId: 'etcd', host: 'master', lang: 'sh',
        code: 'systemctl enable --now etcd\necho {{ master.ip }} {{clusterCidr}}', line: 35, variables: ['master.ip', 'clusterCidr'],
      },
      { id: 'etcd-3', lessonId: 'etcd', host: 'any', lang: 'shell', code: 'hostname', line: 42, variables: [] },
      {
        id: 'etcd-4', lessonId: 'etcd', host: 'worker', lang: 'copy', title: 'Copy the CA to kube-worker', copyFrom: 'master',
        code: '/root/certificates/ca-{{versions.etcd}}.crt\n/root/certificates/etcd.key 0600', line: 48, variables: ['versions.etcd'],
      },
    ]);
  });

  it('finds a runnable block inside a list item, with its indentation removed', () => {
    expect(lesson('worker').blocks).toEqual([expect.objectContaining({
      id: 'worker-1', host: 'worker', line: 9, code: 'ssh {{worker.user}}@{{worker.ip}} -p {{worker.port}} hostname',
    })]);
  });

  it('splits the Markdown around runnable blocks, in place', () => {
    expect(lesson('etcd').segments.map((s) => (s.kind === 'block' ? `block:${s.blockId}` : 'markdown'))).toEqual([
      'markdown', 'block:etcd-download', 'markdown', 'block:etcd-2', 'markdown', 'block:etcd-3', 'markdown', 'block:etcd-4',
    ]);
    const [first, , second] = lesson('etcd').segments;
    expect(first).toMatchObject({ kind: 'markdown', text: expect.stringContaining('Download etcd {{versions.etcd}}:') });
    expect(second).toMatchObject({ kind: 'markdown', text: expect.stringContaining('Then see the diagram') });
  });

  it('leaves non-runnable fences inside the Markdown', () => {
    const welcome = lesson('welcome');
    expect(welcome.blocks).toEqual([]);
    expect(welcome.segments).toHaveLength(1);
    const [only] = welcome.segments;
    expect(only?.kind === 'markdown' && only.text).toContain('```yaml\nkind: Pod\n```');
    expect(only?.kind === 'markdown' && only.text).toContain('```bash\necho "no host, so not runnable"\n```');
  });

  it('rewrites image paths inside assets/ to course-assets/ URLs', () => {
    const text = (id: string) => lesson(id).segments.map((s) => (s.kind === 'markdown' ? s.text : '')).join('\n');
    expect(text('welcome')).toContain('![Cluster](course-assets/diagrams/cluster%20architecture.svg "The cluster")');
    expect(text('worker')).toContain('![Etcd](course-assets/diagrams/etcd.svg)');
    expect(text('etcd')).toContain('[etcd-diagram]: course-assets/diagrams/etcd.svg');
    expect(text('etcd')).not.toContain('../assets');
  });

  it('gives every Markdown segment the lesson\'s reference definitions', () => {
    for (const segment of lesson('etcd').segments) {
      if (segment.kind === 'markdown') expect(segment.text).toContain('[ETCD-DIAGRAM]: <course-assets/diagrams/etcd.svg>');
    }
  });
});

describe('loadCourse on a broken course', async () => {
  const { course, problems, leftOut } = await loadCourse(fixtureLessons('broken'));

  it('names each file it left out, in course order, with its place among the lessons and its title when readable', () => {
    expect(leftOut).toEqual([
      { file: '02-missing.md', position: 1 },
      { file: '03-no-front-matter.md', position: 1 },
      { file: '04-bad-yaml.md', position: 1 },
      { file: '05-bad-schema.md', position: 1, title: 'Bad schema' },
      { file: '06-duplicate.md', position: 1, title: 'Duplicate' },
      { file: '11-checks.md', position: 5, title: 'Checks' },
    ]);
  });

  it('leaves out lessons that fail to load and keeps the rest', () => {
    // Left out: 02 (missing file), 03 (no front matter), 04 (bad YAML), 05 (bad schema),
    // 06 (duplicate id), 11 (invalid checks).
    expect(course.lessons.map((l) => l.file)).toEqual([
      '01-intro.md', '07-requires.md', '08-cycle-a.md', '09-cycle-b.md', '10-blocks.md', '12-builds.md', '13-images.md', '14-copy.md',
      '14-teardown.md', '15-after-teardown.md', '16-requires-teardown.md', '14-live.md',
    ]);
    expect(problems.length).toBeGreaterThan(0);
  });

  it('keeps a teardown page outside the order: it requires nothing, the next lesson requires the one before it', () => {
    const byId = (id: string) => course.lessons.find((l) => l.id === id);
    expect(byId('teardown')).toMatchObject({ teardown: true, requires: [] });
    expect(byId('after-teardown')?.requires).toEqual(['copy']);
    expect(byId('after-teardown')).not.toHaveProperty('teardown');
  });

  it('keeps explicit requires as written', () => {
    expect(course.lessons.find((l) => l.id === 'requires')?.requires).toEqual(['intro', 'no-such-lesson', 'blocks']);
    expect(course.lessons.find((l) => l.id === 'cycle-b')?.requires).toEqual(['cycle-a']);
  });
});

describe('loadCourse without a usable course.yaml', () => {
  it('returns an empty course and the problem', async () => {
    const { course, problems } = await loadCourse(fixtureLessons('bad-course'));
    expect(course.lessons).toEqual([]);
    expect(problems.map((p) => p.rule)).toEqual(['course-schema', 'course-schema']);
  });

  it('does not throw for a missing folder', async () => {
    const { course, problems } = await loadCourse(path.join(FIXTURES, 'nowhere'));
    expect(course).toMatchObject({ id: '', lessons: [] });
    expect(problems.map((p) => p.rule)).toEqual(['missing-course-file']);
  });
});

describe('line numbers', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('counts CRLF files and long front matter like an editor does', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'lessons-'));
    dirs.push(root);
    const lessons = path.join(root, 'lessons');
    await mkdir(lessons);
    await writeFile(path.join(lessons, 'course.yaml'), [
      'id: t', 'title: T', 'versions: {}', 'hosts:', '  - role: master', '    hostname: m',
      '    minimum: { memoryMiB: 1, cpus: 1 }', 'lessons: [a.md]',
    ].join('\n'));
    await writeFile(path.join(lessons, 'a.md'), [
      '---', 'id: a', 'title: A', 'section: A', 'summary: >', '  Folded', '  summary', '---', '', 'Text', '',
      '```bash host=master', 'echo {{nope}}', '```',
    ].join('\r\n'));
    const { course, problems } = await loadCourse(lessons);
    expect(course.lessons[0]?.blocks[0]).toMatchObject({ id: 'a-1', line: 12, code: 'echo {{nope}}' });
    expect(problems.map((p) => [p.rule, p.line, p.col])).toEqual([['unknown-variable', 13, 6]]);
  });
});
