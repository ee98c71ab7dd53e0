// The cluster as the tutorial builds it, drawn in SVG: kube-master with the control plane,
// kube-worker with the runtime, the kubelet, kube-proxy and the pods on the pod network.
// Each part is coloured by the checks of the lesson that builds it, and is a button that
// opens that lesson.
import type { KeyboardEvent } from 'react';
import { useCourseStore } from '../lessons/course-store';
import { type Box, type ComponentState, MAP_LINKS, MAP_SIZE, MASTER_BOX, WORKER_BOX, chainLinks, componentLabel, detailLine, linkEnds, linkPath } from './cluster-map';
import type { ClusterPart } from './useClusterParts';

interface Props {
  parts: ClusterPart[];
  onOpen(lessonId: string): void;
  /** The lesson on screen, outlined on the map. */
  currentLessonId?: string | null;
}

/** The state mark at the left of a node: tick, cross, lock or a dashed ring. */
function StateGlyph({ state, x, y }: { state: ComponentState; x: number; y: number }) {
  return (
    <g className="cmap-glyph" transform={`translate(${x} ${y})`} aria-hidden="true">
      {state === 'passing' && (
        <>
          <circle r="7.5" className="cmap-glyph__fill" />
          <path d="M-3.5 0.2l2.4 2.4 4.6-4.8" className="cmap-glyph__mark" />
        </>
      )}
      {state === 'failing' && (
        <>
          <circle r="7.5" className="cmap-glyph__fill" />
          <path d="M-3 -3l6 6M3 -3l-6 6" className="cmap-glyph__mark" />
        </>
      )}
      {state === 'locked' && (
        <>
          <rect x="-5" y="-1.5" width="10" height="7.5" rx="1.5" className="cmap-glyph__line" />
          <path d="M-3 -1.5v-2a3 3 0 0 1 6 0v2" className="cmap-glyph__line" />
        </>
      )}
      {state === 'unknown' && <circle r="6.5" className="cmap-glyph__line cmap-glyph__line--dashed" />}
    </g>
  );
}

function MachineBox({ box, title, subtitle, tone }: { box: Box; title: string; subtitle: string; tone: string }) {
  return (
    <g className={`cmap-machine host-tone-${tone}`} aria-hidden="true">
      <rect x={box.x} y={box.y} width={box.w} height={box.h} rx="14" className="cmap-machine__box" />
      <text x={box.x + 16} y={box.y + 28} className="cmap-machine__title">
        {title}
      </text>
      <text x={box.x + 16} y={box.y + 46} className="cmap-machine__subtitle">
        {subtitle}
      </text>
    </g>
  );
}

function Node({ part, current, onOpen }: { part: ClusterPart; current: boolean; onOpen(lessonId: string): void }) {
  const { component: c, lesson, state, checking, cause } = part;
  const label = `${componentLabel(c, state, lesson, checking)}${cause ? ` ${cause}` : ''}`;
  const { x, y, w, h } = c.box;
  const open = () => lesson && onOpen(lesson.id);
  const onKeyDown = (e: KeyboardEvent<SVGGElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open();
    }
  };
  const rx = c.shape === 'pill' || c.shape === 'badge' ? h / 2 : c.shape === 'pod' ? 16 : c.shape === 'network' ? 12 : 9;
  const oneLine = c.shape === 'pill' || c.shape === 'badge';
  const glyphX = x + (oneLine ? h / 2 + 2 : 18);
  const glyphY = c.shape === 'network' ? y + 20 : y + h / 2;
  const textX = glyphX + 14;
  const classes = ['cmap-node', `cmap-node--${c.shape}`, cause ? 'cmap-node--caused' : '', checking ? 'cmap-node--checking' : '', current ? 'cmap-node--current' : '', lesson ? '' : 'cmap-node--orphan']
    .filter(Boolean)
    .join(' ');

  return (
    <g
      className={classes}
      role="button"
      tabIndex={0}
      aria-label={label}
      aria-disabled={lesson ? undefined : true}
      aria-current={current ? 'page' : undefined}
      data-testid="cluster-map-node"
      data-component={c.key}
      data-lesson={lesson?.id ?? ''}
      data-state={state}
      data-cause={part.chain.length > 1 ? part.chain.at(-1) : undefined}
      onClick={open}
      onKeyDown={onKeyDown}
    >
      <title>{label}</title>
      <rect x={x - 4} y={y - 4} width={w + 8} height={h + 8} rx={rx + 4} className="cmap-node__focus" />
      <rect x={x} y={y} width={w} height={h} rx={rx} className="cmap-node__box" />
      <StateGlyph state={state} x={glyphX} y={glyphY} />
      {oneLine ? (
        <text x={textX} y={y + h / 2 + 4.5} className="cmap-node__label cmap-node__label--small">
          {c.label}
          {c.detail && <tspan className="cmap-node__detail"> · {c.detail}</tspan>}
        </text>
      ) : c.shape === 'network' ? (
        <text x={textX} y={glyphY + 4.5} className="cmap-node__label">
          {c.label}
          <tspan className="cmap-node__detail"> · {detailLine(c, state, checking, w - 150)}</tspan>
        </text>
      ) : (
        <>
          <text x={textX} y={y + h / 2 - 3} className={`cmap-node__label${labelFits(c.label, x + w - textX - 8) ? '' : ' cmap-node__label--small'}`}>
            {c.label}
          </text>
          <text x={textX} y={y + h / 2 + 13} className="cmap-node__detail">
            {detailLine(c, state, checking)}
          </text>
        </>
      )}
    </g>
  );
}

export function ClusterMap({ parts, onOpen, currentLessonId }: Props) {
  const hosts = useCourseStore((s) => s.course?.hosts);
  const master = hosts?.[0];
  const worker = hosts?.[1];
  const byKey = new Map(parts.map((p) => [p.component.key, p]));

  return (
    <svg
      className="cmap"
      viewBox={`0 0 ${MAP_SIZE.w} ${MAP_SIZE.h}`}
      role="group"
      aria-label="Your cluster: each part is a button that opens the lesson that builds it"
      data-testid="cluster-map"
    >
      <MachineBox box={MASTER_BOX} title={master?.hostname ?? 'kube-master'} subtitle="control plane" tone="1" />
      <MachineBox box={WORKER_BOX} title={worker?.hostname ?? 'kube-worker'} subtitle="runs your pods" tone="2" />
      <g className="cmap-links" aria-hidden="true">
        {MAP_LINKS.map(({ from, to, via }) => {
          const a = byKey.get(from);
          const b = byKey.get(to);
          if (!a || !b) return null;
          const live = a.state === 'passing' && b.state === 'passing';
          return <path key={`${from}-${to}`} d={linkPath(a.component.box, b.component.box, via)} className={live ? 'cmap-link cmap-link--live' : 'cmap-link'} />;
        })}
      </g>
      {/* The cause chain: an arrow from each part that fails (or builds on a failure) to the part it fails because of. */}
      <defs>
        <marker id="cmap-cause-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0 0L10 5L0 10z" className="cmap-cause__head" />
        </marker>
      </defs>
      <g className="cmap-cause" aria-hidden="true">
        {chainLinks(parts).map(({ from, to }) => {
          const a = byKey.get(from);
          const b = byKey.get(to);
          if (!a || !b) return null;
          const e = linkEnds(a.component.box, b.component.box);
          return <path key={`${from}>${to}`} d={`M${e.x1} ${e.y1} L${e.x2} ${e.y2}`} className="cmap-cause__link" markerEnd="url(#cmap-cause-arrow)" data-testid="cluster-map-cause" data-from={from} data-to={to} />;
        })}
      </g>
      {/* Course order, which draws the pod network before its pods and reads in a sensible tab order. */}
      {parts.map((part) => (
        <Node key={part.component.key} part={part} current={!!currentLessonId && part.lesson?.id === currentLessonId} onOpen={onOpen} />
      ))}
    </svg>
  );
}

/** Whether a label fits at the regular size (about 8.3 px per character at 14 px, weight 650). */
function labelFits(label: string, width: number): boolean {
  return label.length * 8.3 <= width;
}
