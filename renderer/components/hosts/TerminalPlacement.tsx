// Where the terminal pane sits: below the lesson, to its right, or hidden.
import type { ChangeEvent } from 'react';
import { type TerminalPlacement as Placement, useUiStore } from '../../stores/ui';

const OPTIONS: { value: Placement; label: string }[] = [
  { value: 'bottom', label: 'Below' },
  { value: 'right', label: 'Right' },
  { value: 'hidden', label: 'Hidden' },
];

export function TerminalPlacement() {
  const placement = useUiStore((s) => s.terminalPlacement);
  const setPlacement = useUiStore((s) => s.setTerminalPlacement);
  const choose = (e: ChangeEvent<HTMLInputElement>) => setPlacement(e.target.value as Placement);
  return (
    <fieldset className="theme-toggle terminal-placement" data-testid="terminal-placement">
      <legend className="theme-toggle__legend">Terminals</legend>
      <div className="theme-toggle__options">
        {OPTIONS.map((o) => (
          <label key={o.value} className="theme-toggle__option">
            <input type="radio" name="terminal-placement" value={o.value} checked={placement === o.value} onChange={choose} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
