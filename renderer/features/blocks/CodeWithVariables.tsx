// Code text with its {{variables}} drawn as chips showing their values (10.77.0.10), a
// tooltip naming the variable and where the value comes from. A variable without a usable
// value shows its name in a warning style. In typing mode each command can carry a tick.
import { useMemo } from 'react';
import { codeSegments } from './block-typing';
import { type ChipPart, resolveChips, type VariableMap } from './block-variables';

/** Typing mode: per command of the block, typed yet? */
export type UnitMarks = readonly boolean[];

function Chip({ part }: { part: Extract<ChipPart, { kind: 'variable' }> }) {
  if (part.status === 'ok') {
    return (
      <span className="var-chip var-chip--value" data-testid="variable-chip" data-variable={part.name} data-value={part.value} title={part.title}>
        {part.value}
      </span>
    );
  }
  return (
    <span
      className={`var-chip${part.status === 'missing' ? ' var-chip--missing' : ''}`}
      data-testid="variable-chip"
      data-variable={part.name}
      data-missing={part.status === 'missing' ? 'true' : undefined}
      title={part.title}
    >
      <span className="var-chip__brace">{'{{'}</span>
      {part.name}
      <span className="var-chip__brace">{'}}'}</span>
    </span>
  );
}

function Chips({ code, values }: { code: string; values: VariableMap | null }) {
  const parts = useMemo(() => resolveChips(code, values), [code, values]);
  return (
    <>
      {parts.map((part, i) => (part.kind === 'text' ? part.text : <Chip key={i} part={part} />))}
    </>
  );
}

export function CodeWithVariables({ code, values = null, units }: { code: string; values?: VariableMap | null; units?: UnitMarks }) {
  const segments = useMemo(() => (units ? codeSegments(code) : null), [code, units]);
  if (!segments || !units) return <Chips code={code} values={values} />;
  return (
    <>
      {segments.map((s, i) =>
        s.kind === 'plain' ? (
          <span key={i} className="typing-line">
            <Chips code={s.text} values={values} />
          </span>
        ) : (
          <span
            key={i}
            className={`typing-unit${units[s.index] ? ' typing-unit--done' : ''}`}
            data-testid="typing-unit"
            data-unit={s.index}
            data-typed={units[s.index] ? 'true' : 'false'}
          >
            <span className="typing-unit__mark" aria-hidden="true">
              {units[s.index] ? '✓' : '○'}
            </span>
            <Chips code={s.text} values={values} />
          </span>
        ),
      )}
    </>
  );
}
