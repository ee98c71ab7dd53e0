// The learner's progress and settings: one JSON file in the data dir with a schema
// version. Writes are serialized and atomic. A file that cannot be read is moved aside
// (never silently overwritten) and the learner is told where it went.
import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { type ProgressFile, ProgressFileSchema, emptyProgress } from '../../../common/progress';
import { writeFileAtomic } from './atomic-write';

export const PROGRESS_FILE = 'progress.json';

export interface LoadedProgress {
  progress: ProgressFile;
  /** Set when the stored file was unreadable and moved aside. */
  notice?: string;
}

export class ProgressStore {
  private current: ProgressFile = emptyProgress();
  private queue: Promise<void> = Promise.resolve();
  readonly path: string;

  constructor(readonly dataDir: string) {
    this.path = join(dataDir, PROGRESS_FILE);
  }

  async load(): Promise<LoadedProgress> {
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        this.current = emptyProgress();
        return { progress: this.get() };
      }
      throw err;
    }
    const problem = parseProblem(text);
    if (!problem) {
      this.current = ProgressFileSchema.parse(JSON.parse(text));
      return { progress: this.get() };
    }
    const aside = `${this.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(this.path, aside);
    this.current = emptyProgress();
    return {
      progress: this.get(),
      notice: `Your progress file could not be read (${problem}). It was moved to ${aside} and a new one was started; nothing was deleted.`,
    };
  }

  get(): ProgressFile {
    return structuredClone(this.current);
  }

  /** Applies `change` to a copy, persists it, then makes it current. Calls run in order. */
  update(change: (draft: ProgressFile) => void): Promise<ProgressFile> {
    const run = this.queue.then(async () => {
      const draft = structuredClone(this.current);
      change(draft);
      const valid = ProgressFileSchema.parse(draft);
      await writeFileAtomic(this.path, `${JSON.stringify(valid, null, 2)}\n`);
      this.current = valid;
      return this.get();
    });
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}

function parseProblem(text: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return `not valid JSON: ${(err as Error).message}`;
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > 1) return `it was written by a newer version of the app (schema ${version})`;
  const parsed = ProgressFileSchema.safeParse(json);
  return parsed.success ? undefined : `unexpected content: ${parsed.error.issues[0]?.message ?? 'invalid'}`;
}
