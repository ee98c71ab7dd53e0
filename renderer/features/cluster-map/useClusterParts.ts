// Every part of the cluster map with the lesson that builds it and that lesson's state.
import { useMemo } from 'react';
import type { Lesson } from '../../../common/course';
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
        return { component, lesson, state, checking: lesson ? (runs[lesson.id]?.running ?? false) : false };
      }),
    [course, progress, runs],
  );
}
