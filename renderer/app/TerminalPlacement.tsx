// Where the terminal pane sits: below the lesson, to its right, or hidden.
import { type Choice, SegmentedChoice } from '../ui/SegmentedChoice';
import { type TerminalPlacement as Placement, useUiStore } from './ui-store';

const OPTIONS: Choice<Placement>[] = [
  { value: 'bottom', label: 'Below' },
  { value: 'right', label: 'Right' },
  { value: 'hidden', label: 'Hidden' },
];

export function TerminalPlacement() {
  const placement = useUiStore((s) => s.terminalPlacement);
  const setPlacement = useUiStore((s) => s.setTerminalPlacement);
  return (
    <SegmentedChoice
      legend="Terminals"
      name="terminal-placement"
      options={OPTIONS}
      value={placement}
      onChange={setPlacement}
      className="terminal-placement"
      testId="terminal-placement"
    />
  );
}
