// Every part of the cluster map with the lesson that builds it and that lesson's state.
import { useMemo } from 'react';
import type { Lesson } from '../../../common/course';
import { causeChain, explainCause } from '../../../common/live-checks';
import { useChecksStore } from '../checkpoints/checks-store';
import { useCourseStore } from '../lessons/course-store';
import { useProgressStore } from '../lessons/progress-store';
import { type ComponentState, MAP_COMPONENTS, type MapComponent, componentState, lessonFor } from './cluster-map';

export interface ClusterPart {
  component: MapComponent;
  lesson: Lesson | undefined;
  state: ComponentState;
  /** Its lesson's checks are running right now. */
  checking: boolean;
  /** Its lesson fails, or builds on one that does: the lessons down to the earliest failing one. */
  chain: string[];
  /** The cause first, in words (when a lesson it requires fails). */
  cause?: string;
}

export function useClusterParts(): ClusterPart[] {
  const course = useCourseStore((s) => s.course);
  const progress = useProgressStore((s) => s.progress);
  const runs = useChecksStore((s) => s.runs);
  return useMemo(
    () =>
      MAP_COMPONENTS.map((component) => {
        const lesson = lessonFor(course, component);
        const state = lesson ? componentState(progress?.states[lesson.id] ?? 'open', progress?.lessons[lesson.id]) : 'unknown';
        const lessons = progress?.lessons ?? {};
        const shown = lesson && course && (state === 'passing' || state === 'failing');
        const chain = shown ? causeChain(course, lessons, lesson.id) : [];
        const cause = shown ? explainCause(course, lessons, lesson.id) : undefined;
        return { component, lesson, state, checking: lesson ? (runs[lesson.id]?.running ?? false) : false, chain, ...(cause ? { cause } : {}) };
      }),
    [course, progress, runs],
  );
}
