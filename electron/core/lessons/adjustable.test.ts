// The course's adjustable variables (course.yaml → adjustable: what a learner may change in
// Hosts → Course values) must reach every command, check and reset through {{…}}: a
// default written out literally would keep the old value after a change.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from './index';

const lessonsDir = join(import.meta.dirname, '..', '..', '..', 'lessons');

describe('adjustable course variables', async () => {
  const { course } = await loadCourse(lessonsDir);
  const adjustable = course.adjustable ?? [];

  it('are variables of the course', () => {
    expect(adjustable.length).toBeGreaterThan(0);
    for (const name of adjustable) expect(Object.keys(course.variables)).toContain(name);
  });

  it.each(adjustable)('%s: its default is never written out in a block, a check or a reset', (name) => {
    const literal = course.variables[name]!;
    const places: string[] = [];
    for (const lesson of course.lessons) {
      for (const b of lesson.blocks) if (b.code.includes(literal)) places.push(`${lesson.file}: block ${b.id}`);
      for (const c of lesson.checks) if (JSON.stringify(c).includes(literal)) places.push(`${lesson.file}: check ${c.id}`);
      for (const r of lesson.reset) if (JSON.stringify(r).includes(literal)) places.push(`${lesson.file}: reset`);
    }
    expect(places).toEqual([]);
  });

  it('would catch a range written out (the reason the ranges are not adjustable)', () => {
    const api = course.lessons.find((l) => l.id === 'api-server');
    expect(JSON.stringify(api?.checks)).toContain('10.32.0.1');
  });
});
