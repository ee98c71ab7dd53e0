// The offline path for release archives: fetched once on the learner's computer (or
// taken from a folder), verified against their published checksums, kept in
// <dataDir>/artifacts/, and uploaded over SFTP to the VMs that cannot download them.
// This file only wires the pieces: artifact-library.ts (the archives on disk and what
// counts as cached), download.ts, import-folder.ts and upload.ts.
import type { Api } from '../../../common/api';
import type { Course } from '../../../common/course';
import type { EventBus } from '../events';
import { ArtifactLibrary } from './artifact-library';
import type { ArtifactContext } from './context';
import { downloadArtifacts } from './download';
import { type ArtifactFetch, createHttpsFetch } from './https-fetch';
import { importArtifacts } from './import-folder';
import { uploadArtifacts } from './upload';
import type { ArtifactConnection } from './vm-probe';

export type { ArtifactConnection } from './vm-probe';

export type ArtifactOps = Pick<Api, 'listArtifacts' | 'importArtifacts' | 'downloadArtifacts' | 'uploadArtifacts'>;

export interface ArtifactServiceDeps {
  course: Pick<Course, 'artifacts' | 'hosts' | 'versions'>;
  dataDir: string;
  events: Pick<EventBus, 'emit'>;
  /** Fills {{variables}}; throws (FAILED_PRECONDITION) naming what is missing. */
  resolve(text: string, what: string): Promise<string>;
  connection(role: string): Promise<ArtifactConnection>;
  /** HTTPS GET following redirects; node:https by default. */
  fetch?: ArtifactFetch;
  /** Minimum time between two progress events of one transfer (default 100 ms: ≤ 10/s). */
  progressIntervalMs?: number;
}

export function createArtifactService(deps: ArtifactServiceDeps): ArtifactOps {
  const { course, events } = deps;
  const fetch = deps.fetch ?? createHttpsFetch();
  const ctx: ArtifactContext = {
    course,
    events,
    library: new ArtifactLibrary({ course, dataDir: deps.dataDir, resolve: (text, what) => deps.resolve(text, what) }),
    progress: (p) => events.emit('artifact:progress', p),
    progressIntervalMs: deps.progressIntervalMs ?? 100,
  };
  return {
    listArtifacts: () => ctx.library.list(),
    importArtifacts: (folder) => importArtifacts(ctx, folder),
    downloadArtifacts: (ids) => downloadArtifacts(ctx, fetch, ids),
    uploadArtifacts: (role) => uploadArtifacts(ctx, (r) => deps.connection(r), role),
  };
}
