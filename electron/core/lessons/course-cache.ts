// The parsed course, kept in the data dir between starts: parsing the lessons (markdown-it,
// YAML, the front matter's schemas, the lint rules) is most of a cold start's CPU, and the
// course changes far less often than the app starts.
//
// The cache is keyed by everything the parse reads: the bytes of every file under the
// lessons folder (course.yaml, lessons, drills, anything an image may point at), the
// names, sizes and modification times of the files under the assets folder (images are
// only checked for existence), both folders' paths, and the identity of the code that
// parses (the bundle or source file this module was built into: a new build parses
// again). An image outside both folders is the one input not in the key: only whether it
// exists, and the linter reports such images as outside the assets folder anyway.
//
// A cache that cannot be read, parsed or written is ignored (the course is parsed as
// without one); it is rewritten after a parse, atomically, off the start's path.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Drill } from '../../../common/drill';
import { writeFileAtomic } from '../storage/atomic-write';
import { courseDrills, setCourseDrills } from './course-drills';
import { type LoadedCourse, loadCourse } from './load-course';

export const COURSE_CACHE_FILE = 'course-cache.json';
/** Bumped when the cached shape changes in a way the code identity would not show. */
const FORMAT = 2;

interface CacheFile {
  format: number;
  key: string;
  loaded: LoadedCourse;
  /** The whole drills, kept beside the course in core (course-drills.ts), not in it. */
  drills?: Drill[];
}

export interface CachedLoad {
  loaded: LoadedCourse;
  /** Whether the parse was skipped. */
  hit: boolean;
  /** Resolves once the cache file is written (after a miss) or at once; never rejects. */
  saved: Promise<void>;
}

/** Files under `dir` (recursively, sorted), relative; none when it does not exist. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

async function codeIdentity(): Promise<string> {
  const self = fileURLToPath(import.meta.url);
  const info = await stat(self).catch(() => undefined);
  return info ? `${self}:${info.size}:${info.mtimeMs}` : self;
}

/** The key for a course in `lessonsDir` with images in `assetsDir`. */
export async function courseCacheKey(lessonsDir: string, assetsDir: string): Promise<string> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([FORMAT, await codeIdentity(), lessonsDir, assetsDir]));
  for (const file of await filesUnder(lessonsDir)) {
    const bytes = await readFile(path.join(lessonsDir, file)).catch(() => undefined);
    hash.update(`\0L${file}\0${bytes?.length ?? -1}\0`);
    if (bytes) hash.update(bytes);
  }
  // The assets folder may be the lessons folder's own assets/: listed twice then, harmlessly.
  for (const file of await filesUnder(assetsDir)) {
    const info = await stat(path.join(assetsDir, file)).catch(() => undefined);
    hash.update(`\0A${file}\0${info?.size ?? -1}\0${info?.mtimeMs ?? -1}`);
  }
  return hash.digest('hex');
}

function isCacheFile(value: unknown, key: string): value is CacheFile {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<CacheFile>;
  const loaded = v.loaded as Partial<LoadedCourse> | undefined;
  return v.format === FORMAT && v.key === key && typeof loaded?.course === 'object' && loaded.course !== null
    && Array.isArray(loaded.course.lessons) && Array.isArray(loaded.problems) && Array.isArray(loaded.leftOut)
    && (loaded.course.drills === undefined || (Array.isArray(loaded.course.drills) && Array.isArray(v.drills)));
}

/**
 * loadCourse, through the cache file `cacheFile`: its result when the key matches, else a
 * parse whose result is then saved there.
 */
export async function loadCourseCached(lessonsDir: string, assetsDir: string, cacheFile: string, load = loadCourse): Promise<CachedLoad> {
  const dir = path.resolve(lessonsDir);
  const assets = path.resolve(assetsDir);
  const key = await courseCacheKey(dir, assets);
  try {
    const cached: unknown = JSON.parse(await readFile(cacheFile, 'utf8'));
    if (isCacheFile(cached, key)) {
      if (cached.loaded.course.drills) setCourseDrills(cached.loaded.course, cached.drills ?? []);
      return { loaded: cached.loaded, hit: true, saved: Promise.resolve() };
    }
  } catch {
    // Missing, unreadable or not JSON: parse as without a cache.
  }
  const loaded = await load(dir, { assetsDir: assets });
  const entry: CacheFile = { format: FORMAT, key, loaded, drills: loaded.course.drills ? courseDrills(loaded.course) : undefined };
  const saved = mkdir(path.dirname(cacheFile), { recursive: true, mode: 0o700 })
    .then(() => writeFileAtomic(cacheFile, JSON.stringify(entry), { tolerateDirSync: true }))
    .catch(() => {});
  return { loaded, hit: false, saved };
}
