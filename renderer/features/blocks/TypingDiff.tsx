// A command typed differently from the lesson: the expected command with the parts left
// out highlighted and the typed extras struck through.
import type { DiffPart } from '../../../common/api';
import { diffView } from './block-typing';

export function TypingDiff({ typed, diff }: { typed: string; diff: readonly DiffPart[] }) {
  const view = diffView(diff);
  const said = [
    view.missing.length ? `Left out: ${view.missing.join(', ')}.` : '',
    view.extra.length ? `Not in the lesson: ${view.extra.join(', ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="typing-diff" data-testid="typing-diff">
      <p className="typing-diff__intro">
        Not quite. You ran <code className="typing-diff__typed">{typed.trim()}</code>. The lesson’s command, compared:
      </p>
      <pre className="typing-diff__line">
        {view.parts.map((p, i) => (
          <span key={i} className={`typing-diff__part typing-diff__part--${p.kind}`} data-kind={p.kind}>
            {p.text}
          </span>
        ))}
      </pre>
      <p className="typing-diff__legend">
        <span className="typing-diff__part typing-diff__part--missing">highlighted</span> you left out,{' '}
        <span className="typing-diff__part typing-diff__part--extra">struck through</span> is not in the lesson.{' '}
        <span className="visually-hidden">{said}</span>
        Type the command again.
      </p>
    </div>
  );
}
