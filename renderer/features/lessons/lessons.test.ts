import { describe, expect, it } from 'vitest';
import type { Course, Lesson } from '../../../common/course';
import type { ProgressView } from '../../../common/progress';
import { blockingLessons, describeHost, hostTone, initialLessonId, listTitles, neighbours } from './lessons';

function lesson(id: string, requires: string[] = []): Lesson {
  return { id, title: id.toUpperCase(), section: id, file: `${id}.md`, requires, checks: [], reset: [], blocks: [], segments: [] };
}

const course: Course = {
  id: 'c',
  title: 'Course',
  versions: {},
  variables: {},
  artifacts: [],
  hosts: [
    { role: 'master', hostname: 'kube-master', minimum: { memoryMiB: 4096, cpus: 2 } },
    { role: 'worker', hostname: 'kube-worker', minimum: { memoryMiB: 1024, cpus: 1 } },
  ],
  lessons: [lesson('a'), lesson('b', ['a']), lesson('c', ['a', 'b'])],
};

function progress(partial: Partial<ProgressView> = {}): ProgressView {
  return {
    lessons: {},
    settings: { typingMode: false, theme: 'system', variableOverrides: {}, watchIntervalSeconds: 5, watchPaused: false },
    states: { a: 'open', b: 'locked', c: 'locked' },
    notices: [],
    ...partial,
  };
}

describe('neighbours', () => {
  it('finds the previous and next lessons', () => {
    expect(neighbours(course, 'b')).toEqual({ previous: course.lessons[0], next: course.lessons[2] });
    expect(neighbours(course, 'a').previous).toBeUndefined();
    expect(neighbours(course, 'c').next).toBeUndefined();
    expect(neighbours(course, 'nope')).toEqual({});
    expect(neighbours(course, null)).toEqual({});
  });
});

describe('initialLessonId', () => {
  it('reopens the remembered lesson', () => {
    expect(initialLessonId(course, progress({ settings: { typingMode: false, theme: 'system', variableOverrides: {}, watchIntervalSeconds: 5, watchPaused: false, lastLessonId: 'c' } }))).toBe('c');
  });
  it('ignores a remembered lesson that no longer exists', () => {
    expect(initialLessonId(course, progress({ settings: { typingMode: false, theme: 'system', variableOverrides: {}, watchIntervalSeconds: 5, watchPaused: false, lastLessonId: 'gone' } }))).toBe('a');
  });
  it('otherwise picks the first open lesson', () => {
    expect(initialLessonId(course, progress({ states: { a: 'passed', b: 'open', c: 'locked' } }))).toBe('b');
  });
  it('falls back to the first lesson, or null for an empty course', () => {
    expect(initialLessonId(course, null)).toBe('a');
    expect(initialLessonId({ ...course, lessons: [] }, null)).toBeNull();
  });
});

describe('blockingLessons', () => {
  it('lists unfinished requirements in course order', () => {
    const c = course.lessons[2] as Lesson;
    expect(blockingLessons(course, c, progress()).map((l) => l.id)).toEqual(['a', 'b']);
    const done = progress({ lessons: { a: { completedAt: '2024-01-01T00:00:00Z', checks: {}, blocks: {} } } });
    expect(blockingLessons(course, c, done).map((l) => l.id)).toEqual(['b']);
  });
});

describe('describeHost and hostTone', () => {
  it('names course hosts and the special roles', () => {
    expect(describeHost(course, 'master')).toEqual({ role: 'master', hostname: 'kube-master', known: true });
    expect(describeHost(course, 'local').hostname).toBe('this computer');
    expect(describeHost(course, 'any').hostname).toBe('either machine');
    expect(describeHost(course, 'db').known).toBe(false);
  });
  it('gives each role its own colour slot', () => {
    expect(hostTone(course, 'master')).toBe('1');
    expect(hostTone(course, 'worker')).toBe('2');
    expect(hostTone(course, 'local')).toBe('local');
    expect(hostTone(course, 'any')).toBe('any');
    expect(hostTone(course, 'db')).toBe('unknown');
  });
});

describe('listTitles', () => {
  it('joins titles in plain English', () => {
    expect(listTitles([])).toBe('');
    expect(listTitles(['A'])).toBe('“A”');
    expect(listTitles(['A', 'B'])).toBe('“A” and “B”');
    expect(listTitles(['A', 'B', 'C'])).toBe('“A”, “B” and “C”');
  });
});
