// The main column's one view state: lesson, Hosts or the cluster map, and what leaves each.
import { beforeEach, describe, expect, it } from 'vitest';
import { useUiStore } from './ui-store';

beforeEach(() =>
  useUiStore.setState({ selectedLessonId: 'etcd', focusRequest: 0, view: 'lesson', hostsFocusRequest: 0, clusterFocusRequest: 0, firstRun: 'unknown' }),
);

describe('ui store: the main view', () => {
  it('opens and closes the cluster map', () => {
    const s = useUiStore.getState();
    s.openClusterMap();
    expect(useUiStore.getState()).toMatchObject({ view: 'cluster-map', clusterFocusRequest: 1 });
    s.closeClusterMap();
    expect(useUiStore.getState()).toMatchObject({ view: 'lesson', focusRequest: 0 });
    // Closing when it is not open changes nothing (the Hosts screen stays).
    s.openHosts();
    s.closeClusterMap();
    expect(useUiStore.getState().view).toBe('hosts');
  });

  it('leaves the cluster map for Hosts, a lesson the learner picks, or a focus request', () => {
    const s = useUiStore.getState();
    s.openClusterMap();
    s.openHosts();
    expect(useUiStore.getState()).toMatchObject({ view: 'hosts', hostsFocusRequest: 1 });
    s.showLesson();
    expect(useUiStore.getState()).toMatchObject({ view: 'lesson', focusRequest: 1 });

    s.openClusterMap();
    s.selectLesson('api-server');
    expect(useUiStore.getState()).toMatchObject({ view: 'lesson', selectedLessonId: 'api-server', firstRun: 'dismissed' });

    s.openClusterMap();
    s.selectLesson('api-server', { focusContent: true, initial: true });
    expect(useUiStore.getState()).toMatchObject({ view: 'lesson', focusRequest: 2 });
  });

  it('lets the start-up pick replace the cluster map but not the Hosts screen', () => {
    const s = useUiStore.getState();
    s.openClusterMap();
    s.selectLesson('etcd', { initial: true });
    expect(useUiStore.getState().view).toBe('cluster-map');
    s.selectLesson('api-server', { initial: true });
    expect(useUiStore.getState()).toMatchObject({ view: 'lesson', selectedLessonId: 'api-server', firstRun: 'unknown' });

    s.openHosts();
    s.selectLesson('etcd', { initial: true });
    expect(useUiStore.getState()).toMatchObject({ view: 'hosts', selectedLessonId: 'etcd' });
  });

  it('opens the cluster map from Hosts and asks for focus each time', () => {
    const s = useUiStore.getState();
    s.openHosts();
    s.openClusterMap();
    s.openClusterMap();
    expect(useUiStore.getState()).toMatchObject({ view: 'cluster-map', clusterFocusRequest: 2, focusRequest: 0 });
  });
});
