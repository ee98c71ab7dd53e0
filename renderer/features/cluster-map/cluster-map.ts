// The cluster map's model: which part of the cluster each lesson builds, where it sits in
// the drawing, and its state from the learner's progress. Pure.
import type { Course, Lesson } from '../../../common/course';
import type { LessonProgress, LessonState } from '../../../common/progress';
import { isFailure } from '../checkpoints/check-outcomes';

/** grey: not checked (or no lesson builds it); green; red; dim: not reachable yet. */
export type ComponentState = 'unknown' | 'passing' | 'failing' | 'locked';

export const COMPONENT_STATE_WORDS: Record<ComponentState, string> = {
  unknown: 'not checked',
  passing: 'passing',
  failing: 'failing',
  locked: 'locked',
};

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface MapComponent {
  /** Stable key for the drawing. */
  key: string;
  label: string;
  /** A second, smaller line (what it is). */
  detail?: string;
  /** The lesson that builds it: ids in lessons/*.md, then `builds:` values, tried in order. */
  lessonIds: readonly string[];
  builds: readonly string[];
  /** Which machine box it sits in. */
  area: 'master' | 'worker' | 'pods' | 'link';
  shape: 'node' | 'badge' | 'network' | 'pod' | 'pill';
  box: Box;
}

/** The drawing's size (SVG user units). */
export const MAP_SIZE = { w: 880, h: 372 } as const;
export const MASTER_BOX: Box = { x: 16, y: 16, w: 388, h: 340 };
export const WORKER_BOX: Box = { x: 476, y: 16, w: 388, h: 340 };

/** The cluster as the tutorial builds it: control plane on kube-master, pods on kube-worker. */
export const MAP_COMPONENTS: readonly MapComponent[] = [
  { key: 'ca', label: 'CA', detail: 'certificates', lessonIds: ['certificate-authority'], builds: ['certificate-authority'], area: 'master', shape: 'badge', box: { x: 240, y: 26, w: 152, h: 36 } },
  { key: 'kube-apiserver', label: 'kube-apiserver', detail: 'the front door', lessonIds: ['api-server'], builds: ['kube-apiserver'], area: 'master', shape: 'node', box: { x: 32, y: 84, w: 300, h: 54 } },
  { key: 'etcd', label: 'etcd', detail: 'the cluster’s memory', lessonIds: ['etcd'], builds: ['etcd'], area: 'master', shape: 'node', box: { x: 32, y: 188, w: 160, h: 54 } },
  { key: 'kube-controller-manager', label: 'controller-manager', detail: 'kube-controller-manager', lessonIds: ['controller-manager'], builds: ['kube-controller-manager'], area: 'master', shape: 'node', box: { x: 204, y: 188, w: 184, h: 54 } },
  { key: 'admin-kubeconfig', label: 'kubectl', detail: 'your admin kubeconfig', lessonIds: ['admin-kubeconfig'], builds: ['admin-kubeconfig'], area: 'master', shape: 'node', box: { x: 32, y: 272, w: 160, h: 54 } },
  { key: 'kube-scheduler', label: 'scheduler', detail: 'kube-scheduler', lessonIds: ['scheduler'], builds: ['kube-scheduler'], area: 'master', shape: 'node', box: { x: 204, y: 272, w: 184, h: 54 } },
  { key: 'join', label: 'node joined', lessonIds: ['join-nodes'], builds: ['node-join'], area: 'link', shape: 'pill', box: { x: 348, y: 97, w: 128, h: 28 } },
  { key: 'kubelet', label: 'kubelet', detail: 'runs the pods', lessonIds: ['kubelet'], builds: ['kubelet'], area: 'worker', shape: 'node', box: { x: 492, y: 84, w: 172, h: 54 } },
  { key: 'kube-proxy', label: 'kube-proxy', detail: 'Service rules', lessonIds: ['kube-proxy'], builds: ['kube-proxy'], area: 'worker', shape: 'node', box: { x: 676, y: 84, w: 172, h: 54 } },
  { key: 'containerd', label: 'containerd', detail: 'container runtime', lessonIds: ['install-dependencies'], builds: ['dependencies', 'containerd'], area: 'worker', shape: 'node', box: { x: 492, y: 162, w: 356, h: 50 } },
  { key: 'pod-network', label: 'pod network', detail: 'CNI bridge', lessonIds: ['network-add-ons'], builds: ['pod-network'], area: 'pods', shape: 'network', box: { x: 492, y: 232, w: 356, h: 108 } },
  { key: 'coredns', label: 'CoreDNS', detail: 'cluster DNS', lessonIds: ['coredns'], builds: ['coredns'], area: 'pods', shape: 'pod', box: { x: 508, y: 270, w: 158, h: 54 } },
  { key: 'apps', label: 'your pods', detail: 'nginx ×2', lessonIds: ['deploy-applications'], builds: ['sample-application'], area: 'pods', shape: 'pod', box: { x: 678, y: 270, w: 154, h: 54 } },
];

/**
 * Lines between components, drawn beneath them: straight between facing edges, or along
 * `via` points (the control plane's second row reaches the API server through the gap
 * between the columns, not through the boxes in front of it).
 */
export const MAP_LINKS: readonly { from: string; to: string; via?: readonly (readonly [number, number])[] }[] = [
  { from: 'kube-apiserver', to: 'etcd', via: [[112, 138], [112, 188]] },
  { from: 'kube-apiserver', to: 'kube-controller-manager', via: [[296, 138], [296, 188]] },
  { from: 'kube-apiserver', to: 'admin-kubeconfig', via: [[198, 138], [198, 257], [112, 257], [112, 272]] },
  { from: 'kube-apiserver', to: 'kube-scheduler', via: [[198, 138], [198, 257], [296, 257], [296, 272]] },
  { from: 'kubelet', to: 'kube-apiserver' },
  { from: 'kubelet', to: 'containerd' },
  { from: 'containerd', to: 'pod-network' },
];

/** An SVG path for a link: its `via` points, else the facing edges of the two boxes. */
export function linkPath(a: Box, b: Box, via?: readonly (readonly [number, number])[]): string {
  if (via && via.length >= 2) return via.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x} ${y}`).join(' ');
  const e = linkEnds(a, b);
  return `M${e.x1} ${e.y1} L${e.x2} ${e.y2}`;
}

/** The lesson that builds a component, or undefined when the course has none (grey). */
export function lessonFor(course: Course | null, component: Pick<MapComponent, 'lessonIds' | 'builds'>): Lesson | undefined {
  if (!course) return undefined;
  for (const id of component.lessonIds) {
    const l = course.lessons.find((x) => x.id === id);
    if (l) return l;
  }
  for (const b of component.builds) {
    const l = course.lessons.find((x) => x.builds === b);
    if (l) return l;
  }
  return undefined;
}

/**
 * A component's state from its lesson's: passed → passing, failing → failing, locked →
 * locked. An open lesson is failing when its last check run had a failure, else unknown
 * (not checked, or only "not reached" answers). No lesson → unknown.
 */
export function componentState(lessonState: LessonState | undefined, progress: LessonProgress | undefined): ComponentState {
  switch (lessonState) {
    case 'passed':
      return 'passing';
    case 'failing':
      return 'failing';
    case 'locked':
      return 'locked';
    case 'open':
      return Object.values(progress?.checks ?? {}).some((c) => isFailure(c.outcome)) ? 'failing' : 'unknown';
    default:
      return 'unknown';
  }
}

/** Where a line between two boxes starts and ends: the facing edges' midpoints. */
export function linkEnds(a: Box, b: Box): { x1: number; y1: number; x2: number; y2: number } {
  const ac = { x: a.x + a.w / 2, y: a.y + a.h / 2 };
  const bc = { x: b.x + b.w / 2, y: b.y + b.h / 2 };
  const overlapX = a.x < b.x + b.w && b.x < a.x + a.w;
  if (overlapX) {
    // One above the other: vertical line in the shared span.
    const x = (Math.max(a.x, b.x) + Math.min(a.x + a.w, b.x + b.w)) / 2;
    return ac.y < bc.y ? { x1: x, y1: a.y + a.h, x2: x, y2: b.y } : { x1: x, y1: a.y, x2: x, y2: b.y + b.h };
  }
  return ac.x < bc.x ? { x1: a.x + a.w, y1: ac.y, x2: b.x, y2: bc.y } : { x1: a.x, y1: ac.y, x2: b.x + b.w, y2: bc.y };
}

/** "kube-apiserver: passing. Opens “Configure the API server”." */
export function componentLabel(component: Pick<MapComponent, 'label' | 'detail'>, state: ComponentState, lesson: Pick<Lesson, 'title'> | undefined, checking = false): string {
  const name = component.detail && !component.detail.startsWith('the ') && component.label !== component.detail ? `${component.label} (${component.detail})` : component.label;
  const status = checking ? 'checking now' : COMPONENT_STATE_WORDS[state];
  return lesson ? `${name}: ${status}. Opens the lesson “${lesson.title}”.` : `${name}: no lesson in this course builds it.`;
}

/**
 * The cause chain on the map: from each part whose lesson fails, or builds on a failing
 * one, to the part of the next lesson down its chain that the map draws (lessons the map
 * has no part for are skipped). Pairs of component keys, each once.
 */
export function chainLinks(parts: readonly { component: Pick<MapComponent, 'key'>; lesson?: Pick<Lesson, 'id'>; chain: readonly string[] }[]): { from: string; to: string }[] {
  const keyOf = new Map(parts.filter((p) => p.lesson).map((p) => [p.lesson?.id as string, p.component.key]));
  const out = new Map<string, { from: string; to: string }>();
  for (const part of parts) {
    const keys = part.chain.map((id) => keyOf.get(id)).filter((k): k is string => k !== undefined);
    for (let i = 0; i + 1 < keys.length; i++) {
      const from = keys[i] as string;
      const to = keys[i + 1] as string;
      if (from !== to) out.set(`${from}>${to}`, { from, to });
    }
  }
  return [...out.values()];
}

/** Roughly how wide a line of text is in the map (SVG units), for choosing what fits. */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.56;
}

/** The second line of a node: "container runtime · passing" when it fits, else the state alone. */
export function detailLine(component: Pick<MapComponent, 'detail' | 'box'>, state: ComponentState, checking: boolean, room = component.box.w - 40): string {
  const status = checking ? 'checking…' : COMPONENT_STATE_WORDS[state];
  if (!component.detail) return status;
  const both = `${component.detail} · ${status}`;
  return textWidth(both, 11.5) <= room ? both : status;
}
