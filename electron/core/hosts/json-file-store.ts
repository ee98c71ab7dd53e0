// One small JSON file in the data dir, validated by a zod schema, written atomically with
// writes serialized. A file that cannot be read is moved aside (never silently replaced)
// and the learner is told where it went, like the progress store does.
import { mkdir, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { writeFileAtomic } from '../progress/atomic-write';

export interface JsonFileStoreOptions<T> {
  path: string;
  schema: z.ZodType<T>;
  empty: () => T;
  /** What the file holds, for the learner ("host profiles", "trusted host keys"). */
  what: string;
  /** Called when a corrupt file was moved aside. */
  notice: (message: string) => void;
}

export class JsonFileStore<T> {
  private current: T | undefined;
  private loading: Promise<T> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: JsonFileStoreOptions<T>) {}

  get path(): string {
    return this.options.path;
  }

  /** The current content (loaded on first use). */
  async read(): Promise<T> {
    if (this.current !== undefined) return structuredClone(this.current);
    this.loading ??= this.load().catch((err: unknown) => {
      this.loading = undefined;
      throw err;
    });
    return structuredClone(await this.loading);
  }

  /** Applies `change` to a copy, validates and persists it, then makes it current. Calls run in order. */
  update<R>(change: (draft: T) => R): Promise<R> {
    const run = this.queue.then(async () => {
      const draft = await this.read();
      const result = change(draft);
      const valid = this.options.schema.parse(draft);
      await mkdir(dirname(this.options.path), { recursive: true, mode: 0o700 });
      await writeFileAtomic(this.options.path, `${JSON.stringify(valid, null, 2)}\n`);
      this.current = valid;
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async load(): Promise<T> {
    const { path, schema, empty, what, notice } = this.options;
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return (this.current = empty());
      throw err;
    }
    let problem: string;
    try {
      const parsed = schema.safeParse(JSON.parse(text));
      if (parsed.success) return (this.current = parsed.data);
      const issue = parsed.error.issues[0];
      problem = `unexpected content${issue ? ` at ${issue.path.join('.') || 'top level'}: ${issue.message}` : ''}`;
    } catch (err) {
      problem = `not valid JSON: ${(err as Error).message}`;
    }
    const aside = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(path, aside);
    notice(`Your saved ${what} could not be read (${problem}). The file was moved to ${aside} and a new one was started; nothing was deleted.`);
    return (this.current = empty());
  }
}
