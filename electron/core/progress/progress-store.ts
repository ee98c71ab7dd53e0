// The learner's progress and settings: one JSON file per course in the data dir
// (progress-<course id>.json, so two courses never mix), with a schema version, kept by
// storage's JsonFileStore (serialized atomic writes; a file that cannot be read is moved
// aside, never silently overwritten, and the learner is told where it went).
import { chmod, mkdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type ProgressFile, ProgressFileSchema, emptyProgress } from '../../../common/progress';
import { JsonFileStore } from '../storage/json-file-store';

/** The single file of versions before progress was kept per course. */
export const LEGACY_PROGRESS_FILE = 'progress.json';
/** Used when course.yaml gives no id (it is missing or invalid). */
export const UNNAMED_COURSE = 'unnamed-course';

export function progressFileName(courseId: string): string {
  return `progress-${courseId || UNNAMED_COURSE}.json`;
}

export interface LoadedProgress {
  progress: ProgressFile;
  /** Set when the stored file was unreadable and moved aside. */
  notice?: string;
}

export class ProgressStore {
  private readonly file: JsonFileStore<ProgressFile>;
  readonly path: string;

  /**
   * `lessonIds`: the course's lessons, to recognise an older single progress.json as this
   * course's (it names one of them, or no lesson at all) and adopt it on first load.
   */
  constructor(readonly dataDir: string, readonly courseId = '', private readonly lessonIds: readonly string[] = []) {
    this.path = join(dataDir, progressFileName(courseId));
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
    await this.adoptLegacyFile();
    const { value, notice } = await this.file.load();
    return notice ? { progress: value, notice } : { progress: value };
  }

  private async adoptLegacyFile(): Promise<void> {
    const exists = (p: string) => stat(p).then(() => true, () => false);
    const legacy = join(this.dataDir, LEGACY_PROGRESS_FILE);
    if ((await exists(this.path)) || !(await exists(legacy))) return;
    let named: string[] | undefined;
    try {
      const parsed = JSON.parse(await readFile(legacy, 'utf8')) as { lessons?: unknown };
      named = parsed.lessons && typeof parsed.lessons === 'object' ? Object.keys(parsed.lessons) : [];
    } catch {
      // Unreadable: adopt it, so the store moves it aside and tells the learner (as before).
    }
    if (named === undefined || named.length === 0 || named.some((id) => this.lessonIds.includes(id))) {
      await rename(legacy, this.path);
    }
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
