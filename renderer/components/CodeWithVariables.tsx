// Code text with its {{variables}} drawn as chips. The chip keeps the braces, so what
// the learner sees is exactly what Copy copies.
import { useMemo } from 'react';
import { splitCode } from '../lib/code-parts';

export function CodeWithVariables({ code }: { code: string }) {
  const parts = useMemo(() => splitCode(code), [code]);
  return (
    <>
      {parts.map((part, i) =>
        part.kind === 'text' ? (
          part.text
        ) : (
          <span
            key={i}
            className="var-chip"
            data-variable={part.name}
            title={`${part.name}: filled in from your machines’ details in a later step`}
          >
            <span className="var-chip__brace">{'{{'}</span>
            {part.name}
            <span className="var-chip__brace">{'}}'}</span>
          </span>
        ),
      )}
    </>
  );
}
