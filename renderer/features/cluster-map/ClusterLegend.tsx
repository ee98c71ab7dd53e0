// What the map's colours mean, in words.
import { COMPONENT_STATE_WORDS, type ComponentState } from './cluster-map';

const ORDER: { state: ComponentState; text: string }[] = [
  { state: 'passing', text: 'its checks pass' },
  { state: 'failing', text: 'a check fails' },
  { state: 'unknown', text: 'not checked yet' },
  { state: 'locked', text: 'its lesson is still locked' },
];

export function ClusterLegend({ counts }: { counts?: Partial<Record<ComponentState, number>> }) {
  return (
    <ul className="cmap-legend" aria-label="Legend" data-testid="cluster-map-legend">
      {ORDER.map(({ state, text }) => (
        <li key={state} className={`cmap-legend__item cmap-legend__item--${state}`}>
          <span className="cmap-legend__swatch" aria-hidden="true" />
          <span>
            <strong>{COMPONENT_STATE_WORDS[state][0]?.toUpperCase() + COMPONENT_STATE_WORDS[state].slice(1)}</strong>: {text}
            {counts?.[state] !== undefined && <span className="cmap-legend__count"> ({counts[state]})</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}
