// A small group of radio buttons drawn as a segmented control (theme, terminal placement).
export interface Choice<T extends string> {
  value: T;
  label: string;
}

export function SegmentedChoice<T extends string>(props: {
  legend: string;
  name: string;
  options: Choice<T>[];
  value: T;
  onChange(value: T): void;
  className?: string;
  testId: string;
}) {
  return (
    <fieldset className={props.className ? `theme-toggle ${props.className}` : 'theme-toggle'} data-testid={props.testId}>
      <legend className="theme-toggle__legend">{props.legend}</legend>
      <div className="theme-toggle__options">
        {props.options.map((o) => (
          <label key={o.value} className="theme-toggle__option">
            <input type="radio" name={props.name} value={o.value} checked={props.value === o.value} onChange={() => props.onChange(o.value)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
