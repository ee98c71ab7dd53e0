import { describe, expect, it } from 'vitest';
import { type DrillProgress, drillState, drillsAfter, formatDuration, provedStates } from './drill';

const drill = { id: 'd', requires: ['etcd'], proves: [{ lessonId: 'etcd', checkId: 'unit' }, { lessonId: 'etcd', checkId: 'port' }] };
const at = (s: string) => `2026-02-01T10:00:${s}.000Z`;

describe('drill state', () => {
  it('is locked until the lessons it needs have passed (failing now still opens it), active while the fault is in, then solved', () => {
    expect(drillState(drill, { etcd: 'open' }, undefined)).toBe('locked');
    expect(drillState(drill, { etcd: 'passed' }, undefined)).toBe('open');
    expect(drillState(drill, { etcd: 'failing' }, undefined)).toBe('open');
    const active: DrillProgress = { active: { startedAt: at('00'), hintsUsed: 0, answerShown: false }, attempts: [] };
    expect(drillState(drill, { etcd: 'failing' }, active)).toBe('active');
    const undone: DrillProgress = { attempts: [{ startedAt: at('00'), endedAt: at('09'), seconds: 9, hintsUsed: 0, answerShown: false, outcome: 'undone' }] };
    expect(drillState(drill, { etcd: 'passed' }, undone)).toBe('open');
    expect(drillState(drill, { etcd: 'passed' }, { attempts: [...undone.attempts, { ...undone.attempts[0]!, outcome: 'solved' }] })).toBe('solved');
  });

  it('counts only results taken after the fault went in', () => {
    const p: DrillProgress = { active: { startedAt: at('00'), injectedAt: at('05'), hintsUsed: 0, answerShown: false }, attempts: [] };
    const lessons = { etcd: { checks: { unit: { outcome: 'fail' as const, at: at('06') }, port: { outcome: 'pass' as const, at: at('01') } }, blocks: {} } };
    expect(provedStates(drill, lessons, p)).toEqual(['fail', 'unknown']);
    lessons.etcd.checks.port.at = at('07');
    expect(provedStates(drill, lessons, p)).toEqual(['fail', 'pass']);
    // Before the injection finished, nothing counts.
    expect(provedStates(drill, lessons, { ...p, active: { ...p.active!, injectedAt: undefined } })).toEqual(['unknown', 'unknown']);
  });

  it('lists a drill at the end of every lesson it requires', () => {
    const two = { ...drill, id: 'two', requires: ['etcd', 'api-server'] };
    expect(drillsAfter([drill, two], 'api-server').map((d) => d.id)).toEqual(['two']);
    expect(drillsAfter([drill, two], 'etcd').map((d) => d.id)).toEqual(['d', 'two']);
  });

  it('says how long it took', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(252)).toBe('4 min 12 s');
    expect(formatDuration(120)).toBe('2 min');
    expect(formatDuration(3780)).toBe('1 h 3 min');
  });
});
