import { describe, expect, it } from 'vitest';
import type { SequencePlanStep } from '../../../common/api';
import type { Course } from '../../../common/course';
import { applySequenceEvent, failedStep, groupPlan, isRunning, offersCatchUp, sequenceText } from './block-sequence';

const block = (lessonId: string, id: string, title?: string) => ({ id, lessonId, host: 'master', lang: 'bash', code: 'true', line: 3, variables: [], ...(title ? { title } : {}) });
const course = {
  hosts: [{ role: 'master', hostname: 'kube-master' }],
  lessons: [
    { id: 'intro', title: 'Intro', blocks: [] },
    { id: 'nodes', title: 'Nodes', blocks: [block('nodes', 'name', 'Name it'), block('nodes', 'env')] },
    { id: 'certs', title: 'Certs', blocks: [block('certs', 'ca', 'Make the CA')] },
  ],
} as unknown as Course;

describe('sequence progress', () => {
  it('counts the block under way', () => {
    const s = applySequenceEvent(null, { kind: 'lesson', lessonId: 'nodes', state: 'running', done: 2, total: 8 });
    expect(isRunning(s)).toBe(true);
    expect(sequenceText(course, s)).toBe('Running 3 of 8…');
    expect(sequenceText(course, { ...s, done: 8 })).toBe('Running 8 of 8…');
    expect(sequenceText(course, { ...s, stopping: true })).toBe('Stopping after block 3 of 8…');
  });

  it('names the block it stopped at', () => {
    const s = applySequenceEvent(null, { kind: 'lesson', lessonId: 'nodes', state: 'failed', done: 0, total: 2, failedBlockId: 'name' });
    expect(isRunning(s)).toBe(false);
    expect(sequenceText(course, s)).toBe('Stopped at “Name it”: it failed');
    const untitled = { ...s, failedBlockId: 'env' };
    expect(sequenceText(course, untitled)).toBe('Stopped at “the block on line 3”: it failed');
  });

  it('finds a failed catch-up block in its own lesson through the plan', () => {
    const plan: SequencePlanStep[] = [
      { lessonId: 'nodes', lessonTitle: 'Nodes', blockId: 'name', title: 'Name it', host: 'master', hostname: 'kube-master' },
      { lessonId: 'nodes', lessonTitle: 'Nodes', blockId: 'env', host: 'master', hostname: 'kube-master' },
    ];
    let s = applySequenceEvent({ kind: 'catch-up', lessonId: 'certs', state: 'starting', done: 0, total: 2, plan }, { kind: 'catch-up', lessonId: 'certs', state: 'running', done: 1, total: 2 });
    expect(s.plan).toBe(plan);
    s = applySequenceEvent(s, { kind: 'catch-up', lessonId: 'certs', state: 'failed', done: 1, total: 2, failedBlockId: 'env' });
    expect(failedStep(course, s)).toEqual({ lessonId: 'nodes', blockId: 'env', title: 'the block on line 3' });
  });

  it('words the endings', () => {
    expect(sequenceText(course, { kind: 'lesson', lessonId: 'nodes', state: 'finished', done: 2, total: 2 })).toBe('Done: all 2 blocks ran.');
    expect(sequenceText(course, { kind: 'catch-up', lessonId: 'certs', state: 'finished', done: 1, total: 1 })).toBe('Caught up: the one block of the earlier lessons ran.');
    expect(sequenceText(course, { kind: 'lesson', lessonId: 'nodes', state: 'cancelled', done: 1, total: 2 })).toBe('Stopped after 1 of 2 blocks, as you asked.');
  });

  it('groups the catch-up plan by lesson and offers it after the first lesson with blocks', () => {
    const step = (lessonId: string, blockId: string): SequencePlanStep => ({ lessonId, lessonTitle: lessonId.toUpperCase(), blockId, host: 'master', hostname: 'kube-master' });
    expect(groupPlan([step('a', '1'), step('a', '2'), step('b', '1')]).map((g) => [g.lessonTitle, g.steps.length])).toEqual([['A', 2], ['B', 1]]);
    expect(offersCatchUp(course, 'intro')).toBe(false);
    expect(offersCatchUp(course, 'nodes')).toBe(false);
    expect(offersCatchUp(course, 'certs')).toBe(true);
  });
});
