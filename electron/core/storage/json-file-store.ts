// One small JSON file validated by a zod schema: loaded on first use, written atomically
// with writes serialized. A file that cannot be read or validated is moved aside to
// `<name>.corrupt-<time>` (never silently replaced) and the learner is told where it went.
import { mkdir, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { writeFileAtomic } from './atomic-write';
import { SerialQueue } from './serial-queue';

export interface JsonFileStoreOptions<T> {
  path: string;
  schema: z.ZodType<T>;
  empty: () => T;
  /** What the file holds, for the learner ("host settings", "trusted host keys"). */
  what: string;
  /** Told when a corrupt file was moved aside (load() returns the message too). */
  notice?: (message: string) => void;
  /** The learner's message for a file moved aside; by default it names `what`, the problem and where the file went. */
  corruptNotice?: (problem: string, aside: string) => string;
  /** The schemaVersion this app writes: a file with a higher one is reported as written by a newer app. */
  schemaVersion?: number;
}

export interface LoadedJson<T> {
  value: T;
  /** Set when the stored file was unreadable and moved aside. */
  notice?: string;
}

export interface UpdateOptions {
  /** Skip the write when the change left the content as it was. */
  skipIfUnchanged?: boolean;
}

export class JsonFileStore<T> {
  private current: T | undefined;
  private loading: Promise<unknown> | undefined;
  private readonly writes = new SerialQueue();

  constructor(private readonly options: JsonFileStoreOptions<T>) {}

  get path(): string {
    return this.options.path;
  }

  /** The content as last loaded or written, without touching the disk; undefined before the first load. */
  peek(): T | undefined {
    return this.current === undefined ? undefined : structuredClone(this.current);
  }

  /** The current content (loaded on first use; callers that arrive during that load share it). */
  async read(): Promise<T> {
    if (this.current === undefined) {
      this.loading ??= this.load().finally(() => {
        this.loading = undefined;
      });
      await this.loading;
    }
    return structuredClone(this.current as T);
  }

  /** Reads the file (again): a missing file is empty, a corrupt one is moved aside and reported. */
  async load(): Promise<LoadedJson<T>> {
    const { path, schema, empty, what, notice, corruptNotice, schemaVersion } = this.options;
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      this.current = empty();
      return { value: empty() };
    }
    const parsed = parseJson(text, schema, schemaVersion);
    if ('value' in parsed) {
      this.current = parsed.value;
      return { value: structuredClone(parsed.value) };
    }
    const aside = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(path, aside);
    const message = corruptNotice
      ? corruptNotice(parsed.problem, aside)
      : `Your saved ${what} could not be read (${parsed.problem}). The file was moved to ${aside} and a new one was started; nothing was deleted.`;
    notice?.(message);
    this.current = empty();
    return { value: empty(), notice: message };
  }

  /**
   * Applies `change` to a copy, validates and persists it, then makes it current; resolves
   * to what `change` returned. Calls run in order, each on the result of the one before.
   */
  update<R>(change: (draft: T) => R | Promise<R>, options: UpdateOptions = {}): Promise<R> {
    return this.writes.run(async () => {
      const draft = await this.read();
      const result = await change(draft);
      const valid = this.options.schema.parse(draft);
      if (options.skipIfUnchanged && isDeepStrictEqual(valid, this.current)) return result;
      await mkdir(dirname(this.options.path), { recursive: true, mode: 0o700 });
      await writeFileAtomic(this.options.path, `${JSON.stringify(valid, null, 2)}\n`);
      this.current = valid;
      return result;
    });
  }
}

/** The validated content, or the problem in words for the learner. */
function parseJson<T>(text: string, schema: z.ZodType<T>, schemaVersion?: number): { value: T } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { problem: `not valid JSON: ${(err as Error).message}` };
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (schemaVersion !== undefined && typeof version === 'number' && version > schemaVersion) {
    return { problem: `it was written by a newer version of the app (schema ${version})` };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { value: parsed.data };
  const issue = parsed.error.issues[0];
  return { problem: `unexpected content${issue ? ` at ${issue.path.join('.') || 'top level'}: ${issue.message}` : ''}` };
}
