// "Run all" and catch-up: blocks run one after another and stop at the first failure; one
// sequence at a time, which the learner can cancel between blocks.
import type { SequenceEvent } from '../../../common/api';
import { ApiError } from '../../../common/errors';
import type { RunResult } from './block-runner';

export interface SequenceStep {
  lessonId: string;
  blockId: string;
}

export interface SequenceDeps {
  emit(event: SequenceEvent): void;
  /** Runs one step to its end; rejects or resolves undefined when it could not start. */
  runStep(step: SequenceStep): Promise<RunResult | undefined>;
}

const BUSY = 'Another lesson run is in progress; wait for it or stop it first.';

export class BlockSequence {
  private current: { cancelled: boolean } | undefined;

  constructor(private readonly deps: SequenceDeps) {}

  /** A sequence is running (a block that ends inside one does not start its checkpoint). */
  get running(): boolean {
    return this.current !== undefined;
  }

  /** Throws FAILED_PRECONDITION while a sequence runs. */
  assertIdle(): void {
    if (this.current) throw new ApiError('FAILED_PRECONDITION', BUSY);
  }

  cancel(): void {
    if (this.current) this.current.cancelled = true;
  }

  /** Runs the steps in order; resolves with how it ended. */
  async run(kind: SequenceEvent['kind'], lessonId: string, steps: SequenceStep[], onStepDone?: (step: SequenceStep) => void): Promise<'finished' | 'failed' | 'cancelled'> {
    this.assertIdle();
    const mine = { cancelled: false };
    this.current = mine;
    const report = (state: SequenceEvent['state'], done: number, failedBlockId?: string) =>
      this.deps.emit({ kind, lessonId, state, done, total: steps.length, ...(failedBlockId ? { failedBlockId } : {}) });
    let done = 0;
    let outcome: 'finished' | 'failed' | 'cancelled' = 'finished';
    report('running', 0);
    try {
      for (const step of steps) {
        if (mine.cancelled) {
          outcome = 'cancelled';
          break;
        }
        const result = await this.deps.runStep(step).catch(() => undefined);
        if (!result || result.exitCode !== 0) {
          outcome = 'failed';
          report('failed', done, step.blockId);
          break;
        }
        done += 1;
        onStepDone?.(step);
        report('running', done);
      }
    } finally {
      this.current = undefined;
    }
    if (outcome === 'cancelled') report('cancelled', done);
    if (outcome === 'finished') report('finished', done);
    return outcome;
  }
}
