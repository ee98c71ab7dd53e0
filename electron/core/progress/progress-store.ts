// The learner's progress and settings: one JSON file in the data dir with a schema
// version, kept by storage's JsonFileStore (serialized atomic writes; a file that cannot
// be read is moved aside, never silently overwritten, and the learner is told where it went).
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type ProgressFile, ProgressFileSchema, emptyProgress } from '../../../common/progress';
import { JsonFileStore } from '../storage/json-file-store';

export const PROGRESS_FILE = 'progress.json';

export interface LoadedProgress {
  progress: ProgressFile;
  /** Set when the stored file was unreadable and moved aside. */
  notice?: string;
}

export class ProgressStore {
  private readonly file: JsonFileStore<ProgressFile>;
  readonly path: string;

  constructor(readonly dataDir: string) {
    this.path = join(dataDir, PROGRESS_FILE);
    this.file = new JsonFileStore<ProgressFile>({
      path: this.path,
      schema: ProgressFileSchema,
      empty: emptyProgress,
      what: 'progress',
      schemaVersion: 1,
      corruptNotice: (problem, aside) => `Your progress file could not be read (${problem}). It was moved to ${aside} and a new one was started; nothing was deleted.`,
    });
  }

  /** Reads the file; the app's first use of the data dir, so it creates that too. */
  async load(): Promise<LoadedProgress> {
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    // mkdir's mode applies to a new folder only: one made earlier (or by hand, 755) holds
    // host settings and trusted keys, so it is closed to other users every start.
    await chmod(this.dataDir, 0o700);
    const { value, notice } = await this.file.load();
    return notice ? { progress: value, notice } : { progress: value };
  }

  get(): ProgressFile {
    return this.file.peek() ?? emptyProgress();
  }

  /** Applies `change` to a copy, persists it, then makes it current. Calls run in order. */
  async update(change: (draft: ProgressFile) => void): Promise<ProgressFile> {
    await this.file.update(change);
    return this.get();
  }
}
