// Typing mode: which of a block's commands the learner has typed (from `typing:result`
// events), where each command sits in the block's text, the diff of a mistyped command,
// and a lesson's accuracy from the stored progress. Pure: no DOM, no React.
import type { DiffPart, TypingEvent } from '../../../common/api';
import { normalizeCommand, splitCommands } from '../../../common/command-units';
import type { Lesson } from '../../../common/course';
import type { LessonProgress } from '../../../common/progress';

export interface TypingProgress {
  /** The expected (normalized) commands typed right, in the order they were typed. */
  matched: string[];
  /** The last command that did not match: what was typed, against what, and the diff. */
  mismatch?: { typed: string; expected: string; diff: DiffPart[] };
}

export function reduceTyping(prev: TypingProgress | undefined, e: TypingEvent): TypingProgress {
  const base = prev ?? { matched: [] };
  if (e.matched) {
    const matched = e.expected !== undefined ? [...base.matched, normalizeCommand(e.expected)] : base.matched;
    // A command typed right answers the mistake made on it.
    const keep = base.mismatch && e.expected !== undefined && normalizeCommand(base.mismatch.expected) !== normalizeCommand(e.expected);
    return keep && base.mismatch ? { matched, mismatch: base.mismatch } : { matched };
  }
  if (e.expected === undefined) return base;
  return { matched: base.matched, mismatch: { typed: e.typed, expected: e.expected, diff: e.diff ?? [] } };
}

/** The block's commands as typing mode compares them (resolved text, normalized). */
export function commandUnits(resolvedCode: string): string[] {
  return splitCommands(resolvedCode).map(normalizeCommand);
}

/** Per command: typed yet? Each match ticks the first untyped command with that text. */
export function unitsDone(units: readonly string[], matched: readonly string[], allDone = false): boolean[] {
  const done = units.map(() => allDone);
  if (allDone) return done;
  for (const m of matched) {
    const i = units.findIndex((u, idx) => u === m && !done[idx]);
    if (i >= 0) done[i] = true;
  }
  return done;
}

export type CodeSegment = { kind: 'plain'; text: string } | { kind: 'unit'; index: number; text: string };

/**
 * The code's lines grouped into its commands (as bash reads them) and the lines between
 * (comments, blank lines), so each command can carry a tick. Joining every segment's text
 * with "\n" gives the code back (without a final newline).
 */
export function codeSegments(code: string): CodeSegment[] {
  const lines = code.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  const owner: (number | undefined)[] = lines.map(() => undefined);
  let cursor = 0;
  splitCommands(code).forEach((unit, index) => {
    const unitLines = unit.split('\n');
    for (let i = cursor; i + unitLines.length <= lines.length; i++) {
      if (unitLines.every((l, k) => lines[i + k] === l)) {
        for (let k = 0; k < unitLines.length; k++) owner[i + k] = index;
        cursor = i + unitLines.length;
        return;
      }
    }
  });
  const segments: CodeSegment[] = [];
  lines.forEach((line, i) => {
    const index = owner[i];
    const last = segments.at(-1);
    if (index === undefined) {
      if (last?.kind === 'plain') last.text += `\n${line}`;
      else segments.push({ kind: 'plain', text: line });
    } else if (last?.kind === 'unit' && last.index === index) last.text += `\n${line}`;
    else segments.push({ kind: 'unit', index, text: line });
  });
  return segments;
}

export interface DiffView {
  /** Spans to draw: 'same' as is, 'missing' highlighted (the lesson has it, you did not type it), 'extra' struck through. */
  parts: DiffPart[];
  /** The words left out and added, for a sentence screen readers read. */
  missing: string[];
  extra: string[];
}

/**
 * Prepares core's word diff for drawing: a change that is only whitespace is drawn as
 * plain space (an extra one dropped), neighbours of one kind are merged.
 */
export function diffView(diff: readonly DiffPart[]): DiffView {
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart['kind'], text: string) => {
    if (!text) return;
    const last = parts.at(-1);
    if (last?.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  for (const p of diff) {
    if (p.kind !== 'same' && p.text.trim() === '') {
      if (p.kind === 'missing') push('same', p.text);
      continue;
    }
    push(p.kind, p.text);
  }
  const words = (kind: DiffPart['kind']) => parts.filter((p) => p.kind === kind).map((p) => p.text.trim()).filter(Boolean);
  return { parts, missing: words('missing'), extra: words('extra') };
}

export interface TypingAccuracy {
  /** Blocks of the lesson completed by typing. */
  typed: number;
  /** …of which right the first time. */
  right: number;
  /** Blocks in the lesson the learner can type (not copy blocks). */
  total: number;
}

export function typingAccuracy(lesson: Pick<Lesson, 'blocks'>, progress: LessonProgress | undefined): TypingAccuracy {
  let typed = 0;
  let right = 0;
  for (const b of lesson.blocks) {
    const stored = progress?.blocks[b.id];
    if (!stored?.typed) continue;
    typed += 1;
    if (!stored.corrected) right += 1;
  }
  // Copy blocks are the app's to run: nothing to type.
  return { typed, right, total: lesson.blocks.filter((b) => b.copyFrom === undefined).length };
}

export function accuracyText(a: TypingAccuracy): string {
  if (a.typed === 0) return a.total === 1 ? 'No block typed yet' : `No blocks typed yet (${a.total} in this lesson)`;
  return `${a.right} of ${a.typed} ${a.typed === 1 ? 'block' : 'blocks'} typed right the first time`;
}
