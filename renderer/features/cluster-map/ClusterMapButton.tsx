// The sidebar's way to the cluster map, with how many parts pass.
import { useUiStore } from '../../app/ui-store';
import { ClusterIcon } from '../../ui/icons';
import { useClusterParts } from './useClusterParts';

export function ClusterMapButton() {
  const parts = useClusterParts();
  const current = useUiStore((s) => s.view === 'cluster-map');
  const open = useUiStore((s) => s.openClusterMap);
  const passing = parts.filter((p) => p.state === 'passing').length;
  const failing = parts.filter((p) => p.state === 'failing').length;
  return (
    <button
      type="button"
      className={current ? 'hosts-button cluster-button hosts-button--current' : 'hosts-button cluster-button'}
      data-testid="open-cluster-map"
      aria-current={current ? 'page' : undefined}
      onClick={open}
    >
      <span className="hosts-button__title">
        <ClusterIcon />
        Cluster
      </span>
      <span className="hosts-button__roles cluster-button__summary">
        <span>
          {passing}/{parts.length} passing
        </span>
        {failing > 0 && <span className="cluster-button__failing">{failing} failing</span>}
      </span>
    </button>
  );
}
