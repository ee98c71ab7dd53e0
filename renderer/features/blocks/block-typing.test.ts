import { describe, expect, it } from 'vitest';
import type { TypingEvent } from '../../../common/api';
import { diffCommand } from '../../../common/command-units';
import type { LessonProgress } from '../../../common/progress';
import { accuracyText, codeSegments, commandUnits, diffView, reduceTyping, typingAccuracy, unitsDone } from './block-typing';

const typingEvent = (e: Partial<TypingEvent>): TypingEvent => ({ lessonId: 'l', terminalId: 't', host: 'master', typed: '', blockId: 'b', matched: true, ...e });

describe('typing progress', () => {
  it('ticks typed commands and keeps the last mistake until that command is typed right', () => {
    let p = reduceTyping(undefined, typingEvent({ typed: 'hostname', expected: 'hostname', matched: true }));
    expect(p).toEqual({ matched: ['hostname'] });
    p = reduceTyping(p, typingEvent({ typed: 'ls /rot', expected: 'ls /root', matched: false, diff: diffCommand('ls /root', 'ls /rot') }));
    expect(p.mismatch).toMatchObject({ typed: 'ls /rot', expected: 'ls /root' });
    p = reduceTyping(p, typingEvent({ typed: 'ls   /root', expected: 'ls /root', matched: true }));
    expect(p).toEqual({ matched: ['hostname', 'ls /root'] });
  });

  it('ticks each command once, in order, even when two are the same', () => {
    const units = commandUnits('hostname\necho hi\nhostname\n');
    expect(units).toEqual(['hostname', 'echo hi', 'hostname']);
    expect(unitsDone(units, ['hostname'])).toEqual([true, false, false]);
    expect(unitsDone(units, ['hostname', 'hostname'])).toEqual([true, false, true]);
    expect(unitsDone(units, [], true)).toEqual([true, true, true]);
  });
});

describe('codeSegments', () => {
  it('groups lines into commands, keeping comments and heredocs in place', () => {
    const code = "# names\nhostnamectl set-hostname {{master.hostname}}\n\ncat > /root/k8s.env <<'EOF'\nA={{master.ip}}\nEOF\nhostname\n";
    expect(codeSegments(code)).toEqual([
      { kind: 'plain', text: '# names' },
      { kind: 'unit', index: 0, text: 'hostnamectl set-hostname {{master.hostname}}' },
      { kind: 'plain', text: '' },
      { kind: 'unit', index: 1, text: "cat > /root/k8s.env <<'EOF'\nA={{master.ip}}\nEOF" },
      { kind: 'unit', index: 2, text: 'hostname' },
    ]);
  });

  it('gives the code back when joined', () => {
    const code = 'if true; then\n  echo a\nfi\necho b';
    expect(codeSegments(code).map((s) => s.text).join('\n')).toBe(code);
    expect(codeSegments(code).filter((s) => s.kind === 'unit')).toHaveLength(2);
  });
});

describe('diffView', () => {
  it('keeps core’s diff: missing highlighted, extra struck through', () => {
    const view = diffView(diffCommand('kubectl get pods -A', 'kubectl get pod -A'));
    expect(view.parts).toEqual([
      { kind: 'same', text: 'kubectl get ' },
      { kind: 'missing', text: 'pods' },
      { kind: 'extra', text: 'pod' },
      { kind: 'same', text: ' -A' },
    ]);
    expect(view.missing).toEqual(['pods']);
    expect(view.extra).toEqual(['pod']);
  });

  it('draws a whitespace-only change as plain space', () => {
    const view = diffView([
      { kind: 'same', text: 'ls' },
      { kind: 'missing', text: ' ' },
      { kind: 'extra', text: '\n' },
      { kind: 'same', text: '-la' },
    ]);
    expect(view.parts).toEqual([{ kind: 'same', text: 'ls -la' }]);
    expect(view.missing).toEqual([]);
  });

  it('lists words left out', () => {
    const view = diffView(diffCommand('ls -la /root', 'ls /root'));
    expect(view.parts.map((p) => p.kind)).toEqual(['same', 'missing', 'same']);
    expect(view.missing).toEqual(['-la']);
  });
});

describe('typing accuracy', () => {
  const lesson = { blocks: [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }, { id: 'e' }] } as never;
  const progress: LessonProgress = {
    checks: {},
    blocks: {
      a: { exitCode: 0, at: 'x', typed: true, corrected: false },
      b: { exitCode: 0, at: 'x', typed: true },
      c: { exitCode: 0, at: 'x', typed: true, corrected: true },
      d: { exitCode: 0, at: 'x', typed: true, corrected: false },
      e: { exitCode: 0, at: 'x', durationMs: 10 },
      gone: { exitCode: 0, at: 'x', typed: true },
    },
  };

  it('counts blocks typed right the first time against all typed ones of the lesson', () => {
    const a = typingAccuracy(lesson, progress);
    expect(a).toEqual({ typed: 4, right: 3, total: 5 });
    expect(accuracyText(a)).toBe('3 of 4 blocks typed right the first time');
  });

  it('leaves copy blocks out of the lesson\'s total: the app runs them', () => {
    const withCopy = { blocks: [{ id: 'a' }, { id: 'b' }, { id: 'copy', copyFrom: 'master' }] } as never;
    expect(typingAccuracy(withCopy, undefined).total).toBe(2);
  });

  it('says so when nothing was typed yet', () => {
    const a = typingAccuracy(lesson, undefined);
    expect(a).toEqual({ typed: 0, right: 0, total: 5 });
    expect(accuracyText(a)).toBe('No blocks typed yet (5 in this lesson)');
    expect(accuracyText({ typed: 1, right: 1, total: 1 })).toBe('1 of 1 block typed right the first time');
  });
});
