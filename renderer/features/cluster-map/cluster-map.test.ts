import { describe, expect, it } from 'vitest';
import type { Course, Lesson } from '../../../common/course';
import { MAP_COMPONENTS, MAP_LINKS, MAP_SIZE, componentLabel, componentState, detailLine, lessonFor, linkEnds, linkPath } from './cluster-map';

const lesson = (id: string, builds?: string): Lesson => ({
  id,
  title: `Lesson ${id}`,
  section: 's',
  file: `${id}.md`,
  requires: [],
  ...(builds ? { builds } : {}),
  checks: [],
  reset: [],
  blocks: [],
  segments: [],
});

const course = (lessons: Lesson[]): Course => ({ id: 'c', title: 'C', versions: {}, variables: {}, hosts: [], artifacts: [], lessons });

describe('componentState', () => {
  it('maps lesson states to map colours', () => {
    expect(componentState('passed', undefined)).toBe('passing');
    expect(componentState('failing', undefined)).toBe('failing');
    expect(componentState('locked', undefined)).toBe('locked');
    expect(componentState(undefined, undefined)).toBe('unknown');
  });

  it('shows an open lesson red after a failed check, grey when unchecked or not reached', () => {
    const checks = (outcome: 'fail' | 'unreachable' | 'pass') => ({ checks: { a: { outcome, at: '2025-01-01T00:00:00Z' } }, blocks: {} });
    expect(componentState('open', undefined)).toBe('unknown');
    expect(componentState('open', checks('fail'))).toBe('failing');
    expect(componentState('open', checks('unreachable'))).toBe('unknown');
    expect(componentState('open', checks('pass'))).toBe('unknown');
  });
});

describe('lessonFor', () => {
  it('finds a component’s lesson by id, then by what it builds, else none', () => {
    const etcd = MAP_COMPONENTS.find((c) => c.key === 'etcd')!;
    const apiserver = MAP_COMPONENTS.find((c) => c.key === 'kube-apiserver')!;
    const c = course([lesson('etcd'), lesson('my-apiserver-lesson', 'kube-apiserver')]);
    expect(lessonFor(c, etcd)?.id).toBe('etcd');
    expect(lessonFor(c, apiserver)?.id).toBe('my-apiserver-lesson');
    expect(lessonFor(c, MAP_COMPONENTS.find((x) => x.key === 'coredns')!)).toBeUndefined();
    expect(lessonFor(null, etcd)).toBeUndefined();
  });

  it('covers the tutorial’s component lessons', () => {
    const ids = MAP_COMPONENTS.flatMap((c) => c.lessonIds);
    for (const id of ['certificate-authority', 'etcd', 'api-server', 'admin-kubeconfig', 'controller-manager', 'scheduler', 'install-dependencies', 'kubelet', 'kube-proxy', 'join-nodes', 'network-add-ons', 'coredns', 'deploy-applications']) {
      expect(ids).toContain(id);
    }
  });
});

describe('layout', () => {
  it('keeps every part inside the drawing and every link between known parts', () => {
    const keys = new Set(MAP_COMPONENTS.map((c) => c.key));
    expect(keys.size).toBe(MAP_COMPONENTS.length);
    for (const c of MAP_COMPONENTS) {
      expect(c.box.x).toBeGreaterThanOrEqual(0);
      expect(c.box.y).toBeGreaterThanOrEqual(0);
      expect(c.box.x + c.box.w).toBeLessThanOrEqual(MAP_SIZE.w);
      expect(c.box.y + c.box.h).toBeLessThanOrEqual(MAP_SIZE.h);
    }
    for (const l of MAP_LINKS) {
      expect(keys.has(l.from) && keys.has(l.to)).toBe(true);
    }
  });

  it('joins boxes side by side at their facing edges, and stacked ones vertically', () => {
    expect(linkEnds({ x: 0, y: 0, w: 100, h: 40 }, { x: 200, y: 0, w: 100, h: 40 })).toEqual({ x1: 100, y1: 20, x2: 200, y2: 20 });
    expect(linkEnds({ x: 0, y: 0, w: 300, h: 40 }, { x: 0, y: 100, w: 100, h: 40 })).toEqual({ x1: 50, y1: 40, x2: 50, y2: 100 });
    expect(linkEnds({ x: 0, y: 100, w: 100, h: 40 }, { x: 0, y: 0, w: 300, h: 40 })).toEqual({ x1: 50, y1: 100, x2: 50, y2: 40 });
  });
});

describe('words on the map', () => {
  it('adds what a part is when it fits, else only its state', () => {
    const wide = { detail: 'container runtime', box: { x: 0, y: 0, w: 364, h: 50 } };
    const narrow = { detail: 'the cluster’s memory', box: { x: 0, y: 0, w: 120, h: 50 } };
    expect(detailLine(wide, 'passing', false)).toBe('container runtime · passing');
    expect(detailLine(wide, 'passing', true)).toBe('container runtime · checking…');
    expect(detailLine(narrow, 'locked', false)).toBe('locked');
    expect(detailLine({ box: narrow.box }, 'unknown', false)).toBe('not checked');
  });

  it('labels a part for screen readers with its state and lesson', () => {
    expect(componentLabel({ label: 'containerd', detail: 'container runtime' }, 'failing', { title: 'Install dependencies' })).toBe(
      'containerd (container runtime): failing. Opens the lesson “Install dependencies”.',
    );
    expect(componentLabel({ label: 'CoreDNS' }, 'unknown', undefined)).toBe('CoreDNS: no lesson in this course builds it.');
    expect(componentLabel({ label: 'etcd' }, 'passing', { title: 'Configure etcd' }, true)).toMatch(/checking now/);
  });
});

describe('linkPath', () => {
  it('follows via points, else joins the facing edges', () => {
    const a = { x: 0, y: 0, w: 100, h: 40 };
    const b = { x: 200, y: 0, w: 100, h: 40 };
    expect(linkPath(a, b)).toBe('M100 20 L200 20');
    expect(linkPath(a, b, [[1, 2], [3, 4], [5, 6]])).toBe('M1 2 L3 4 L5 6');
  });
});

describe('chainLinks', () => {
  const part = (key: string, lessonId: string | undefined, chain: string[]) => ({ component: { key }, ...(lessonId ? { lesson: { id: lessonId } } : {}), chain });
  it('points from each failing part to the next part down its cause chain, skipping lessons the map does not draw, once each', async () => {
    const { chainLinks } = await import('./cluster-map');
    const parts = [
      part('ca', 'certificate-authority', ['certificate-authority']),
      part('etcd', 'etcd', ['etcd', 'certificate-authority']),
      part('kube-apiserver', 'api-server', ['api-server', 'etcd', 'certificate-authority']),
      // admin-kubeconfig requires the API server through a lesson without a part of its own.
      part('admin-kubeconfig', 'admin-kubeconfig', ['admin-kubeconfig', 'no-part-lesson', 'etcd', 'certificate-authority']),
      part('kubelet', 'kubelet', ['kubelet']),
    ];
    expect(chainLinks(parts)).toEqual([
      { from: 'etcd', to: 'ca' },
      { from: 'kube-apiserver', to: 'etcd' },
      { from: 'admin-kubeconfig', to: 'etcd' },
    ]);
  });
});
