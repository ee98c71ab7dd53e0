import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LessonProblem } from '../../../common/course';
import { LINT_RULES, lintCourse } from './index';
import { fixtureLessons, FIXTURES, shown } from './test-support';

type Expected = [rule: string, file: string, line: number, col: number];

const at = (problems: LessonProblem[]) => problems.map((p) => [p.rule, p.file, p.line, p.col]);
const lesson = (name: string) => shown('broken', 'lessons', name);

// Every problem the broken fixture course has, in the linter's order (file, line, column).
const BROKEN: Expected[] = [
  ['front-matter-missing', lesson('03-no-front-matter.md'), 1, 1],
  ['front-matter-syntax', lesson('04-bad-yaml.md'), 4, 18],
  ['front-matter-schema', lesson('05-bad-schema.md'), 2, 1], // missing `section`
  ['front-matter-schema', lesson('05-bad-schema.md'), 2, 5], // id not lower-case
  ['front-matter-schema', lesson('05-bad-schema.md'), 4, 1], // unknown `sektion`
  ['duplicate-lesson-id', lesson('06-duplicate.md'), 4, 5],
  ['unknown-requires', lesson('07-requires.md'), 7, 5],
  ['requires-later-lesson', lesson('07-requires.md'), 8, 5],
  ['requires-later-lesson', lesson('08-cycle-a.md'), 5, 12],
  ['requires-cycle', lesson('08-cycle-a.md'), 5, 12],
  ['seed-placeholder', lesson('10-blocks.md'), 6, 20],
  ['unknown-block-host', lesson('10-blocks.md'), 8, 9],
  ['duplicate-block-id', lesson('10-blocks.md'), 16, 19],
  ['empty-block', lesson('10-blocks.md'), 20, 1],
  ['unknown-variable', lesson('10-blocks.md'), 26, 14],
  ['raw-html', lesson('10-blocks.md'), 29, 1],
  ['raw-html', lesson('10-blocks.md'), 31, 7],
  ['raw-html', lesson('10-blocks.md'), 31, 17],
  ['check-schema', lesson('11-checks.md'), 12, 11], // unknown kind
  ['check-schema', lesson('11-checks.md'), 14, 5], // missing `path`
  ['check-schema', lesson('11-checks.md'), 20, 11], // port is a string
  ['check-schema', lesson('11-checks.md'), 21, 5], // unknown field `adress`
  ['duplicate-check-id', lesson('11-checks.md'), 22, 9],
  ['unknown-check-host', lesson('11-checks.md'), 23, 11],
  ['unknown-variable', lesson('11-checks.md'), 25, 29],
  ['unknown-reset-host', lesson('11-checks.md'), 27, 11],
  ['unknown-variable', lesson('11-checks.md'), 28, 17],
  ['builds-without-check', lesson('12-builds.md'), 5, 1],
  ['builds-without-reset', lesson('12-builds.md'), 5, 1],
  ['missing-image', lesson('13-images.md'), 6, 12],
  ['remote-image', lesson('13-images.md'), 8, 11],
  ['image-outside-assets', lesson('13-images.md'), 10, 12],
  ['copy-block', lesson('14-copy.md'), 8, 1], // no from=
  ['copy-block', lesson('14-copy.md'), 12, 9], // unknown host
  ['copy-block', lesson('14-copy.md'), 16, 9], // to itself
  ['copy-block', lesson('14-copy.md'), 20, 9], // to this computer
  ['copy-block', lesson('14-copy.md'), 27, 1], // relative path
  ['copy-block', lesson('14-copy.md'), 28, 1], // bad mode
  ['unknown-variable', lesson('14-copy.md'), 29, 20],
  ['watch-slow-check', lesson('14-live.md'), 11, 12],
  ['block-expect', lesson('14-live.md'), 18, 21], // expect="" is empty
  ['block-expect', lesson('14-live.md'), 18, 31], // /(/ is no regex
  ['block-expect', lesson('14-live.md'), 18, 42], // /a b/ unquoted is cut at the space
  ['teardown-with-reset', lesson('14-teardown.md'), 6, 1], // builds
  ['teardown-with-reset', lesson('14-teardown.md'), 9, 1], // reset
  ['requires-teardown', lesson('16-requires-teardown.md'), 5, 12],
  ['missing-lesson-file', lesson('course.yaml'), 14, 5],
];

const COURSE_LEVEL: Record<string, Expected[]> = {
  'bad-yaml': [['yaml-syntax', shown('bad-yaml', 'lessons', 'course.yaml'), 4, 1]],
  'bad-course': [
    ['course-schema', shown('bad-course', 'lessons', 'course.yaml'), 7, 14], // minimum without cpus
    ['course-schema', shown('bad-course', 'lessons', 'course.yaml'), 8, 5], // unknown field `ip`
  ],
  'no-course': [['missing-course-file', shown('no-course', 'lessons', 'course.yaml'), 1, 1]],
  drills: [
    ['missing-drill-file', shown('drills', 'lessons', 'course.yaml'), 19, 5],
    ['drill-schema', shown('drills', 'lessons', 'drills', '02-bad.md'), 2, 1], // missing `symptom`
    ['drill-schema', shown('drills', 'lessons', 'drills', '02-bad.md'), 4, 1], // unknown `sympton`
    ['drill-unknown-lesson', shown('drills', 'lessons', 'drills', '02-bad.md'), 5, 12],
    ['drill-unknown-check', shown('drills', 'lessons', 'drills', '02-bad.md'), 6, 10], // no such check
    ['drill-schema', shown('drills', 'lessons', 'drills', '02-bad.md'), 6, 30], // not lesson/check
    ['drill-unknown-check', shown('drills', 'lessons', 'drills', '02-bad.md'), 6, 44], // lesson not required
    ['drill-unknown-host', shown('drills', 'lessons', 'drills', '02-bad.md'), 8, 11],
    ['unknown-variable', shown('drills', 'lessons', 'drills', '02-bad.md'), 12, 13],
    ['drill-schema', shown('drills', 'lessons', 'drills', '02-bad.md'), 13, 8], // no hints
    ['drill-without-fix', shown('drills', 'lessons', 'drills', '03-no-fix.md'), 15, 1],
    ['duplicate-drill-id', shown('drills', 'lessons', 'drills', '04-duplicate.md'), 2, 5],
    ['drill-unknown-host', shown('drills', 'lessons', 'drills', '06-bad-copy.md'), 9, 11], // copy from no machine
    ['drill-unknown-host', shown('drills', 'lessons', 'drills', '06-bad-copy.md'), 12, 11], // copy to itself
    ['copy-block', shown('drills', 'lessons', 'drills', '06-bad-copy.md'), 13, 11], // not an absolute path
    ['drill-unknown-host', shown('drills', 'lessons', 'drills', '06-bad-copy.md'), 15, 11], // copy to any
    ['copy-block', shown('drills', 'lessons', 'drills', '06-bad-copy.md'), 17, 11], // no mode
    ['drill-schema', shown('drills', 'lessons', 'drills', '06-bad-copy.md'), 18, 5], // neither run nor copy
  ],
};

describe('lintCourse', () => {
  it('finds nothing in the clean fixture course', async () => {
    expect(await lintCourse(fixtureLessons('clean'))).toEqual([]);
  });

  it('reports every problem of the broken fixture course at its file:line:col', async () => {
    expect(at(await lintCourse(fixtureLessons('broken')))).toEqual(BROKEN);
  });

  it.each(Object.entries(COURSE_LEVEL))('reports course.yaml problems (%s)', async (name, expected) => {
    expect(at(await lintCourse(fixtureLessons(name)))).toEqual(expected);
  });

  it('reports a missing lessons folder at the folder', async () => {
    const dir = path.join(FIXTURES, 'nowhere', 'lessons');
    expect(at(await lintCourse(dir))).toEqual([['missing-course-file', shown('nowhere', 'lessons'), 1, 1]]);
  });

  it('has a fixture for every rule', () => {
    const covered = new Set([...BROKEN, ...Object.values(COURSE_LEVEL).flat()].map(([rule]) => rule));
    expect(Object.keys(LINT_RULES).filter((rule) => !covered.has(rule))).toEqual([]);
  });

  it('says what is wrong', async () => {
    const messages = new Map((await lintCourse(fixtureLessons('broken'))).map((p) => [`${path.basename(p.file)}:${p.line}:${p.col}`, p.message]));
    expect(messages.get('04-bad-yaml.md:4:18')).toBe('Missing closing "quote');
    expect(messages.get('05-bad-schema.md:2:1')).toBe('missing field `section`');
    expect(messages.get('05-bad-schema.md:4:1')).toBe('unknown field `sektion`');
    expect(messages.get('06-duplicate.md:4:5')).toBe('lesson id intro is already used by 01-intro.md');
    expect(messages.get('07-requires.md:7:5')).toBe('requires unknown lesson no-such-lesson');
    expect(messages.get('10-blocks.md:6:20')).toContain('with {{master.ip}}');
    expect(messages.get('10-blocks.md:8:9')).toBe('block blocks-1 runs on unknown host mastr: use one of master, worker, any, local');
    expect(messages.get('10-blocks.md:16:19')).toBe('block id same is already used by the block on line 12');
    expect(messages.get('10-blocks.md:26:14')).toBe('unknown variable {{mster.ip}} (did you mean {{master.ip}}?)');
    expect(messages.get('11-checks.md:12:11')).toBe(
      'check typo-kind: unknown kind sytemd (use one of command, file, systemd, port, certificate, kubeconfig, https, kubectl)');
    expect(messages.get('11-checks.md:14:5')).toBe('check missing-field (file): missing field `path`');
    expect(messages.get('11-checks.md:20:11')).toBe('check wrong-type (port): `port` "6443": expected number, received string');
    expect(messages.get('11-checks.md:21:5')).toBe('check wrong-type (port): unknown field `adress`');
    expect(messages.get('11-checks.md:28:17')).toBe('unknown variable {{dataDir}}');
    expect(messages.get('13-images.md:8:11')).toContain('https://example.com/diagram.png is not a local file');
    expect(messages.get('08-cycle-a.md:5:12')).toMatch(/cycle-b/);
    expect(messages.get('14-teardown.md:9:1')).toBe('a teardown page has no reset: its only "starting over" is running the course again');
    expect(messages.get('16-requires-teardown.md:5:12')).toBe('requires teardown, a teardown page: nothing can require it, it stands outside the course order');
    expect(messages.get('14-live.md:11:12')).toBe('check slow says watch: true, but its timeout is 20 s (over 15 s): the app re-checks it only on Check my work (remove watch, or lower timeoutSeconds to 15)');
    expect(messages.get('14-live.md:18:21')).toBe('block live-1: expect= is empty: give the text its output must contain, or a /regex/');
    expect(messages.get('14-live.md:18:42')).toBe('block live-1: expect=/a starts like a /regex/ but does not end like one: quote it ("/.../") if it has spaces');
    expect(messages.get('14-live.md:18:31')).toMatch(/^block live-1: the expected pattern \/\(\/ is not a valid regular expression/);
    const cycle = (await lintCourse(fixtureLessons('broken'))).find((p) => p.rule === 'requires-cycle');
    expect(cycle?.message).toBe('requires cycle: cycle-a → cycle-b → cycle-a');
  });
});
