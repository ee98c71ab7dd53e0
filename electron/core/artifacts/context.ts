// What the artifact operations (download, import, upload) share: the course, the library
// on disk, and the events they send the learner.
import type { ArtifactProgress } from '../../../common/api';
import type { Course } from '../../../common/course';
import { messageOf } from '../../../common/errors';
import type { EventBus } from '../events';
import type { ArtifactLibrary } from './artifact-library';

export interface ArtifactContext {
  course: Pick<Course, 'artifacts' | 'hosts'>;
  library: ArtifactLibrary;
  events: Pick<EventBus, 'emit'>;
  progress(p: ArtifactProgress): void;
  /** Minimum time between two progress events of one transfer. */
  progressIntervalMs: number;
}

/** A download or import that failed: shown in the list until one succeeds, and sent as a `failed` event. */
export function recordFailure(ctx: ArtifactContext, artifactId: string, err: unknown): void {
  const message = messageOf(err);
  ctx.library.failures.set(artifactId, message);
  ctx.progress({ artifactId, phase: 'failed', bytes: 0, message });
}
