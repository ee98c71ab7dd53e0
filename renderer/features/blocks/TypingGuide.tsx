// Typing mode's part of a block: where to type, a button to that terminal, how many of
// the block's commands were typed, and the last mistake as a diff.
import { TypingDiff } from './TypingDiff';
import type { StoredResult } from './block-state';
import type { TypingProgress } from './block-typing';

interface Props {
  hostname: string;
  onFocusTerminal(): void;
  done: number;
  total: number;
  progress: TypingProgress | undefined;
  stored: StoredResult | undefined;
}

export function TypingGuide({ hostname, onFocusTerminal, done, total, progress, stored }: Props) {
  const complete = stored?.typed === true;
  return (
    <div className="typing-guide" data-testid="typing-guide" data-done={done} data-total={total} data-complete={complete ? 'true' : 'false'}>
      <p className="typing-guide__hint">
        <span className="typing-guide__keys" aria-hidden="true">
          ⌨
        </span>
        <span>
          Type {total === 1 ? 'this command' : 'these commands'} in the <strong>{hostname}</strong> terminal.
        </span>
        <button type="button" className="button button--small button--run" data-testid="block-type-here" onClick={onFocusTerminal}>
          Type it in {hostname}
        </button>
      </p>
      {!complete && total > 0 && (
        <p className="typing-guide__count" data-testid="typing-progress" role="status">
          {done} of {total} {total === 1 ? 'command' : 'commands'} typed
        </p>
      )}
      {!complete && progress?.mismatch && <TypingDiff typed={progress.mismatch.typed} diff={progress.mismatch.diff} />}
    </div>
  );
}
