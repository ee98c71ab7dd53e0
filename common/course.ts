// The course and lesson model shared by core (which builds it from lessons/) and the
// renderer (which draws it). Schemas here validate course.yaml and each lesson's front
// matter; the linter turns their issues into file:line:col problems.
import { z } from 'zod';
import type { DrillSummary } from './drill';
import { ApiError } from './errors';

/** Roles a block may target besides the course's own host roles. */
export const SPECIAL_HOSTS = ['any', 'local'] as const;

const idPattern = /^[a-z0-9][a-z0-9-]*$/;
export const LessonIdSchema = z.string().regex(idPattern, 'use lower-case letters, digits and dashes');

export const CourseHostSchema = z.strictObject({
  role: z.string().regex(idPattern, 'a role is lower-case letters, digits and dashes'),
  hostname: z.string().min(1),
  description: z.string().optional(),
  minimum: z.strictObject({
    memoryMiB: z.number().int().positive(),
    cpus: z.number().int().positive(),
  }),
});

/** The CPU architectures the course has archives for, in release archives' names (`uname -m` x86_64 / aarch64). */
export const ARCHITECTURES = ['amd64', 'arm64'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

const hexDigest = z.string().regex(/^([0-9a-f]{64}|[0-9a-f]{128})$/, 'a lower-case sha256 or sha512 digest');

/**
 * A release archive the course downloads onto a VM; the app can also upload it (offline path).
 * `{{arch}}` in its url, checksumUrl and dest is the architecture of the VM it goes to.
 */
export const ArtifactSchema = z.strictObject({
  id: LessonIdSchema,
  title: z.string().min(1),
  /** Roles whose VMs need it. */
  hosts: z.array(z.string().min(1)).min(1),
  url: z.string().regex(/^https:\/\//, 'an https URL'),
  /** Where the published checksum lives: a file with the bare digest, or a SUMS file listing it. */
  checksumUrl: z.string().regex(/^https:\/\//, 'an https URL'),
  algorithm: z.enum(['sha256', 'sha512']),
  /** Absolute path on the VM. */
  dest: z.string().startsWith('/'),
  /**
   * The published digests of the release course.yaml pins, per architecture: the app checks
   * against these instead of a checksum file while `{{versions.<version>}}` keeps its pinned
   * value (an override, like the lab's, goes back to the checksum file). Without `version`
   * the URL names one fixed release.
   */
  pinned: z.strictObject({
    version: z.string().min(1).optional(),
    digests: z.partialRecord(z.enum(ARCHITECTURES), hexDigest),
  }).optional(),
}).superRefine((a, ctx) => {
  const length = a.algorithm === 'sha256' ? 64 : 128;
  for (const [arch, digest] of Object.entries(a.pinned?.digests ?? {})) {
    if (digest.length !== length) ctx.addIssue({ code: 'custom', path: ['pinned', 'digests', arch], message: `not a ${a.algorithm} digest (${length} hex digits)` });
  }
});
export type Artifact = z.infer<typeof ArtifactSchema>;

export const CourseFileSchema = z.strictObject({
  id: LessonIdSchema,
  title: z.string().min(1),
  description: z.string().optional(),
  versions: z.record(z.string(), z.union([z.string(), z.number()]).transform(String)),
  variables: z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).default({}),
  /** Variables a learner may change (Hosts → Course values): only those every lesson uses through {{…}}. */
  adjustable: z.array(z.string()).default([]),
  hosts: z.array(CourseHostSchema).min(1),
  artifacts: z.array(ArtifactSchema).default([]),
  lessons: z.array(z.string().regex(/\.md$/, 'a lesson is a .md file')).min(1),
  /** Troubleshooting drills (common/drill.ts), shown after the lessons in this order. */
  drills: z.array(z.string().regex(/\.md$/, 'a drill is a .md file')).default([]),
}).superRefine((c, ctx) => {
  c.artifacts.forEach((a, i) => {
    const key = a.pinned?.version;
    if (key !== undefined && !(key in c.versions)) ctx.addIssue({ code: 'custom', path: ['artifacts', i, 'pinned', 'version'], message: `"${key}" is not a key of versions` });
  });
});
export type CourseFile = z.infer<typeof CourseFileSchema>;
export type CourseHost = z.infer<typeof CourseHostSchema>;

const expectedText = z.string().min(1);
const checkBase = {
  id: LessonIdSchema,
  title: z.string().optional(),
  host: z.string().min(1),
  hint: z.string().optional(),
  timeoutSeconds: z.number().positive().max(600).optional(),
  /** false: never re-run in the background (live-checks.ts), only on Check my work. */
  watch: z.boolean().optional(),
};

export const CheckSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...checkBase,
    kind: z.literal('command'),
    run: z.string().min(1),
    expect: z.strictObject({
      exitCode: z.number().int().optional(),
      stdout: expectedText.optional(),
      stderr: expectedText.optional(),
    }).default({ exitCode: 0 }),
  }),
  z.strictObject({
    ...checkBase,
    kind: z.literal('file'),
    path: z.string().regex(/^(\/|\{\{)/, 'an absolute path (or one starting with a variable like {{certDir}})'),
    mode: z.string().regex(/^0?[0-7]{3,4}$/, 'an octal mode like 0600').optional(),
    contains: expectedText.optional(),
    absent: z.boolean().optional(),
  }),
  z.strictObject({
    ...checkBase,
    kind: z.literal('systemd'),
    unit: z.string().min(1),
    enabled: z.boolean().optional(),
  }),
  z.strictObject({
    ...checkBase,
    kind: z.literal('port'),
    port: z.number().int().min(1).max(65535),
    address: z.string().optional(),
  }),
  z.strictObject({
    ...checkBase,
    kind: z.literal('certificate'),
    path: z.string().min(1),
    key: z.string().optional(),
    signedBy: z.string().optional(),
    subject: z.record(z.string(), z.string()).optional(),
    sans: z.array(z.string()).optional(),
    isCA: z.boolean().optional(),
    notExpiredFor: z.string().regex(/^\d+[dh]$/, 'a duration like 30d or 12h').optional(),
  }),
  z.strictObject({
    ...checkBase,
    kind: z.literal('kubeconfig'),
    path: z.string().min(1),
    server: z.string().optional(),
    ca: z.string().optional(),
    user: z.strictObject({ CN: z.string().optional(), O: z.string().optional() }).optional(),
  }),
  z.strictObject({
    ...checkBase,
    kind: z.literal('https'),
    port: z.number().int().min(1).max(65535),
    path: z.string().startsWith('/'),
    ca: z.string().optional(),
    cert: z.string().optional(),
    key: z.string().optional(),
    expect: z.strictObject({ status: z.number().int().optional(), body: expectedText.optional() }).optional(),
  }),
  z.strictObject({
    ...checkBase,
    kind: z.literal('kubectl'),
    args: z.string().min(1),
    kubeconfig: z.string().optional(),
    jsonpath: z.string().optional(),
    expect: expectedText,
  }),
]);
export type CheckSpec = z.infer<typeof CheckSpecSchema>;
export type CheckKind = CheckSpec['kind'];
export const CHECK_KINDS: readonly CheckKind[] = [
  'command', 'file', 'systemd', 'port', 'certificate', 'kubeconfig', 'https', 'kubectl',
];

export const ResetStepSchema = z.strictObject({
  host: z.string().min(1),
  run: z.string().min(1),
});
export type ResetStep = z.infer<typeof ResetStepSchema>;

export const FrontMatterSchema = z.strictObject({
  id: LessonIdSchema,
  title: z.string().min(1),
  section: z.string().min(1),
  summary: z.string().optional(),
  requires: z.array(LessonIdSchema).optional(),
  /** true for a lesson that builds a component: it then needs checks and a reset. */
  builds: z.string().optional(),
  /**
   * A page that takes the cluster down: outside the course's order (it requires nothing
   * unless it says so, no lesson may require it, it does not count as progress), no reset,
   * and its blocks run only after the learner confirms the whole list of commands.
   */
  teardown: z.literal(true).optional(),
  checks: z.array(z.unknown()).default([]),
  reset: z.array(ResetStepSchema).default([]),
});
export type FrontMatter = z.infer<typeof FrontMatterSchema>;

/** A fenced block with `host=` in its info string: something the app can run. */
export interface CommandBlock {
  id: string;
  lessonId: string;
  host: string;
  lang: string;
  title?: string;
  /** The block's text as written, `{{variables}}` unresolved. */
  code: string;
  /** 1-based line of the opening fence in the lesson file. */
  line: number;
  /** Names of the `{{variables}}` the code uses, in order of first use. */
  variables: string[];
  /**
   * A `copy` block: the role its files come from (`from=`). The code lists the files
   * (common/copy-list.ts); the app copies them to the same paths on `host` over its own
   * connections, then shows and verifies them in `host`'s terminal.
   */
  copyFrom?: string;
  /** What a successful run's output must contain (`expect=` on the fence): texts, or `/regex/`. */
  expect?: string[];
}

export type LessonSegment =
  | { kind: 'markdown'; text: string }
  | { kind: 'block'; blockId: string };

export interface Lesson {
  id: string;
  title: string;
  section: string;
  summary?: string;
  /** File name relative to the lessons folder. */
  file: string;
  requires: string[];
  builds?: string;
  /** A take-it-all-down page (front matter `teardown: true`). */
  teardown?: true;
  checks: CheckSpec[];
  reset: ResetStep[];
  blocks: CommandBlock[];
  segments: LessonSegment[];
}

export interface Course {
  id: string;
  title: string;
  description?: string;
  versions: Record<string, string>;
  variables: Record<string, string>;
  /** Names in `variables` the learner may override (none when absent). */
  adjustable?: string[];
  hosts: CourseHost[];
  artifacts: Artifact[];
  lessons: Lesson[];
  /**
   * Troubleshooting drills (course.yaml `drills`), after the lessons: what may be shown
   * before a try. Core keeps the whole drills beside the course (lessons/course-drills.ts).
   */
  drills?: DrillSummary[];
}

/**
 * The role a block, check or reset step runs on. `any` means the course's first host, or
 * this computer when the course has none: core and the renderer both use this one rule.
 */
export function hostRole(course: Pick<Course, 'hosts'>, host: string): string {
  return host === 'any' ? (course.hosts[0]?.role ?? 'local') : host;
}

/** The course's name for a role's machine ("kube-master"), or words for the special roles. */
export function hostnameOf(course: Pick<Course, 'hosts'>, role: string): string {
  const host = course.hosts.find((h) => h.role === role);
  if (host) return host.hostname;
  return role === 'local' ? 'this computer' : role === 'any' ? 'either machine' : role;
}

/** The course's machine for a role, or NOT_FOUND naming the roles the course has. */
export function courseHost(course: Pick<Course, 'hosts'>, role: string): CourseHost {
  const host = course.hosts.find((h) => h.role === role);
  if (!host) throw new ApiError('NOT_FOUND', `There is no host "${role}" in this course (its hosts are: ${course.hosts.map((h) => h.role).join(', ')}).`);
  return host;
}

/** The lessons that count as the course's progress: all but take-it-all-down pages. */
export function progressLessons<L extends Pick<Lesson, 'teardown'>>(lessons: readonly L[]): L[] {
  return lessons.filter((l) => !l.teardown);
}

/** The lesson with this id, or undefined. */
export function findLesson(course: Pick<Course, 'lessons'>, lessonId: string): Lesson | undefined {
  return course.lessons.find((l) => l.id === lessonId);
}

/** One problem found in a lesson or course file; lines and columns are 1-based. */
export interface LessonProblem {
  file: string;
  line: number;
  col: number;
  message: string;
  rule: string;
}

/** A lesson file listed in course.yaml that could not load: shown, marked, in its place. */
export interface LeftOutLesson {
  /** As listed in course.yaml. */
  file: string;
  /** How many loaded lessons come before it: it shows after lesson `position` (1-based). */
  position: number;
  /** Its front matter's title, when that much could be read. */
  title?: string;
}

export function formatProblem(p: LessonProblem): string {
  return `${p.file}:${p.line}:${p.col} ${p.message}`;
}

/** `{{ name.path }}` placeholders; the name may contain letters, digits, dots, dashes, underscores. */
export const VARIABLE_PATTERN = /\{\{\s*([A-Za-z][\w.-]*)\s*\}\}/g;

export function variablesIn(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(VARIABLE_PATTERN)) seen.add(m[1] as string);
  return [...seen];
}

/** The seed's hand-edited placeholder, which lessons replace with {{master.ip}}. */
export const SEED_PLACEHOLDER = '<your server private ip address>';
