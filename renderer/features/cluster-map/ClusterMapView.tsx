// The cluster map screen: replaces the lesson in the main column, like the Hosts screen.
import { useUiStore } from '../../app/ui-store';
import { ScreenView } from '../../ui/ScreenView';
import { CertificatesPanel } from './CertificatesPanel';
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
  const causes = parts.filter((p) => p.cause);

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
      {causes.length > 0 && (
        <section className="cluster-view__causes" aria-labelledby="cluster-causes-heading" data-testid="cluster-map-causes">
          <h2 id="cluster-causes-heading" className="cluster-view__causes-title">
            Why parts fail
          </h2>
          <ul>
            {causes.map((p) => (
              <li key={p.component.key} data-component={p.component.key}>
                <button type="button" className="link-button" onClick={() => p.lesson && selectLesson(p.lesson.id, { focusContent: true })}>
                  {p.component.label}
                </button>
                : {p.cause}
              </li>
            ))}
          </ul>
        </section>
      )}
      <p className="cluster-view__note">
        The colours come from the latest checks of each lesson: the app re-checks passed lessons in the background while your machines are connected, and the current
        lesson's checks after each of your commands. An arrow points from a part to the failing part it depends on.
      </p>
      <CertificatesPanel />
    </ScreenView>
  );
}
