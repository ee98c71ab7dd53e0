// Copies a block's code. Shows "Copied" for a moment (with a note when what it copied
// still holds {{placeholders}}); if the clipboard is unavailable it selects the code so
// Ctrl+C (⌘C) does the job.
import { useEffect, useState } from 'react';
import { CheckIcon, CopyIcon } from '../../ui/icons';

type CopyState = 'idle' | 'copied' | 'selected';

function selectCode(codeId: string): boolean {
  const el = document.getElementById(codeId);
  const selection = window.getSelection();
  if (!el || !selection) return false;
  selection.selectAllChildren(el);
  return true;
}

interface Props {
  text: string;
  codeId: string;
  testId?: string;
  /** Said after copying, e.g. that the text still holds {{placeholders}}. */
  note?: string;
}

export function CopyButton({ text, codeId, testId, note }: Props) {
  const [state, setState] = useState<CopyState>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), state === 'copied' ? (note ? 6000 : 2000) : 6000);
    return () => clearTimeout(t);
  }, [state, note]);

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState(selectCode(codeId) ? 'selected' : 'idle');
    }
  };

  return (
    <>
      <button
        type="button"
        className={`button button--small button--copy${state === 'copied' ? ' button--done' : ''}`}
        onClick={() => void copy()}
        data-copy-state={state}
        data-testid={testId}
      >
        {state === 'copied' ? <CheckIcon /> : <CopyIcon />}
        <span>{state === 'copied' ? 'Copied' : 'Copy'}</span>
      </button>
      <span className="visually-hidden" role="status">
        {state === 'copied' ? `Copied to the clipboard${note ? `. ${note}` : ''}` : state === 'selected' ? 'Code selected: press Ctrl+C to copy' : ''}
      </span>
      {state === 'selected' && (
        <span className="copy-hint" aria-hidden="true">
          Selected: press Ctrl+C
        </span>
      )}
      {state === 'copied' && note && (
        <span className="copy-hint" aria-hidden="true" data-testid="copy-note">
          {note}
        </span>
      )}
    </>
  );
}
