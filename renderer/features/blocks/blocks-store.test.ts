import { beforeEach, describe, expect, it } from 'vitest';
import { useBlocksStore } from './blocks-store';

beforeEach(() => useBlocksStore.setState({ runs: {}, typing: {}, sequence: null }));

describe('blocks store', () => {
  it('follows block:state events per lesson and block', () => {
    const { applyBlockEvent } = useBlocksStore.getState();
    applyBlockEvent({ lessonId: 'l', blockId: 'b', runId: 'r', state: 'running', terminalId: 't' });
    expect(useBlocksStore.getState().runs['l/b']).toMatchObject({ phase: 'running', terminalId: 't' });
    applyBlockEvent({ lessonId: 'l', blockId: 'b', runId: 'r', state: 'failed', exitCode: 1, tail: 'oops' });
    expect(useBlocksStore.getState().runs['l/b']).toMatchObject({ phase: 'failed', exitCode: 1, tail: 'oops' });
  });

  it('forgets finished runs and typing of a reset lesson, not a run still going', () => {
    const s = useBlocksStore.getState();
    s.applyBlockEvent({ lessonId: 'l', blockId: 'a', runId: 'r1', state: 'succeeded', exitCode: 0 });
    s.applyBlockEvent({ lessonId: 'l', blockId: 'b', runId: 'r2', state: 'running' });
    s.applyBlockEvent({ lessonId: 'm', blockId: 'a', runId: 'r3', state: 'succeeded', exitCode: 0 });
    s.applyTypingEvent({ lessonId: 'l', terminalId: 't', host: 'master', typed: 'ls', blockId: 'a', expected: 'ls', matched: true });
    s.forgetLessons(['l']);
    const after = useBlocksStore.getState();
    expect(Object.keys(after.runs).sort()).toEqual(['l/b', 'm/a']);
    expect(after.typing).toEqual({});
  });

  it('keeps a sequence shown until dismissed, and never dismisses a running one', () => {
    const s = useBlocksStore.getState();
    s.applySequence({ kind: 'lesson', lessonId: 'l', state: 'running', done: 1, total: 3 });
    s.dismissSequence();
    expect(useBlocksStore.getState().sequence?.state).toBe('running');
    s.applySequence({ kind: 'lesson', lessonId: 'l', state: 'finished', done: 3, total: 3 });
    s.dismissSequence();
    expect(useBlocksStore.getState().sequence).toBeNull();
  });
});
