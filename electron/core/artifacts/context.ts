// What the artifact operations (download, import, upload) share: the course, the library
// on disk, and the events they send the learner.
import type { ArtifactProgress } from '../../../common/api';
import type { Course } from '../../../common/course';
import { messageOf } from '../../../common/errors';
import type { EventBus } from '../events';
import type { ArtifactLibrary } from './artifact-library';
import type { Resolved } from './resolve-artifact';

export interface ArtifactContext {
  course: Pick<Course, 'artifacts' | 'hosts' | 'versions'>;
  library: ArtifactLibrary;
  events: Pick<EventBus, 'emit'>;
  progress(p: ArtifactProgress): void;
  /** Minimum time between two progress events of one transfer. */
  progressIntervalMs: number;
}

/** A download or import that failed: shown in the list until one succeeds, and sent as a `failed` event. */
export function recordFailure(ctx: ArtifactContext, r: Pick<Resolved, 'artifact' | 'path'>, err: unknown): void {
  const message = messageOf(err);
  ctx.library.failures.set(r.path, message);
  ctx.progress({ artifactId: r.artifact.id, phase: 'failed', bytes: 0, message });
}
