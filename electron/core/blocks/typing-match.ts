// Typing mode: each command the learner ran is matched against the current lesson's blocks
// on that host. A match ticks off one command of a block (the block is recorded as typed
// when all are); a miss is compared word by word with the closest command still expected.
import type { TypingEvent } from '../../../common/api';
import { diffCommand, normalizeCommand, splitCommands } from '../../../common/command-units';
import type { CommandBlock, Lesson } from '../../../common/course';
import { resolveVariables } from '../../../common/variables';
import type { CourseModel } from '../course/course-model';

export interface TypingMatchDeps {
  model: CourseModel;
  emit(event: TypingEvent): void;
  /** Records a block as typed (all its commands matched). */
  record(lessonId: string, blockId: string, entry: { exitCode: number; typed: true; corrected: boolean }): Promise<void>;
}

interface BlockTyping {
  /** Indexes of the block's command units already typed. */
  done: Set<number>;
  /** A command of this block was first typed differently. */
  corrected: boolean;
}

export class TypingMatcher {
  /** Per lesson/block, which command units were typed. */
  private readonly typed = new Map<string, BlockTyping>();

  constructor(private readonly deps: TypingMatchDeps) {}

  async match(l: Lesson, terminalId: string, target: string, command: string, status: number): Promise<void> {
    const { model } = this.deps;
    const all = await model.values();
    const typedText = normalizeCommand(command);
    if (!typedText) return;
    const candidates: { b: CommandBlock; units: string[]; state: BlockTyping }[] = [];
    for (const b of l.blocks) {
      if (model.role(b.host) !== target || b.copyFrom !== undefined) continue; // a copy is the app's to do
      const text = resolveVariables(b.code, all).text;
      if (text === undefined) continue;
      candidates.push({ b, units: splitCommands(text).map(normalizeCommand), state: this.stateOf(`${l.id}/${b.id}`) });
    }
    const progress = model.progress().lessons[l.id]?.blocks ?? {};
    const open = candidates.filter((c) => !progress[c.b.id]?.typed);
    const base = { lessonId: l.id, terminalId, host: target, typed: command };
    for (const c of open) {
      const i = c.units.findIndex((u, idx) => u === typedText && !c.state.done.has(idx));
      if (i < 0) continue;
      c.state.done.add(i);
      this.deps.emit({ ...base, blockId: c.b.id, expected: c.units[i] as string, matched: true });
      if (c.state.done.size === c.units.length) {
        await this.deps.record(l.id, c.b.id, { exitCode: status, typed: true, corrected: c.state.corrected });
      }
      return;
    }
    // No match: compare with the closest command the lesson still expects on this host.
    let best: { c: (typeof open)[number]; unit: string; score: number } | undefined;
    for (const c of open) {
      c.units.forEach((unit, idx) => {
        if (c.state.done.has(idx)) return;
        const same = diffCommand(unit, typedText).filter((d) => d.kind === 'same').reduce((n, d) => n + d.text.length, 0);
        const score = same / Math.max(unit.length, typedText.length);
        if (!best || score > best.score) best = { c, unit, score };
      });
    }
    if (!best) return;
    best.c.state.corrected = true;
    this.deps.emit({ ...base, blockId: best.c.b.id, expected: best.unit, matched: false, diff: diffCommand(best.unit, command) });
  }

  private stateOf(key: string): BlockTyping {
    let state = this.typed.get(key);
    if (!state) this.typed.set(key, (state = { done: new Set(), corrected: false }));
    return state;
  }
}
