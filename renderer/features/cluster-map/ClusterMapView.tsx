// The cluster map screen: replaces the lesson in the main column, like the Hosts screen.
import { useUiStore } from '../../app/ui-store';
import { ScreenView } from '../../ui/ScreenView';
import { ClusterLegend } from './ClusterLegend';
import { ClusterMap } from './ClusterMap';
import type { ComponentState } from './cluster-map';
import { useClusterParts } from './useClusterParts';

export function ClusterMapView() {
  const parts = useClusterParts();
  const focusRequest = useUiStore((s) => s.clusterFocusRequest);
  const close = useUiStore((s) => s.closeClusterMap);
  const selectLesson = useUiStore((s) => s.selectLesson);
  const currentLessonId = useUiStore((s) => s.selectedLessonId);

  const counts: Partial<Record<ComponentState, number>> = {};
  for (const p of parts) counts[p.state] = (counts[p.state] ?? 0) + 1;
  const passing = counts.passing ?? 0;

  return (
    <ScreenView name="cluster" testId="cluster-view" className="cluster-view" titleClassName="cluster-view__title" title="Your cluster" focusRequest={focusRequest} onBack={close}>
      <p className="cluster-view__intro">
        What you have built so far, part by part. Each part shows the last checks of the lesson that builds it:{' '}
        <strong data-testid="cluster-map-summary">
          {passing} of {parts.length} {passing === 1 ? 'part passes' : 'parts pass'}
        </strong>
        . Select a part to open its lesson.
      </p>
      <div className="cluster-view__card">
        <ClusterMap parts={parts} currentLessonId={currentLessonId} onOpen={(id) => selectLesson(id, { focusContent: true })} />
      </div>
      <ClusterLegend counts={counts} />
      <p className="cluster-view__note">
        The colours come from your last check of each lesson; the app also re-checks passed lessons when it starts. To see the current state of a part, open its lesson and
        check again.
      </p>
    </ScreenView>
  );
}
