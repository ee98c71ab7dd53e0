// Rules that need the course around a lesson: hosts, variables, ids across lessons, requires.
import { parseCopyList } from '../../../common/copy-list';
import { CheckSpecSchema, VARIABLE_PATTERN, type LessonProblem } from '../../../common/course';
import { unwatchedReason } from '../../../common/live-checks';
import type { CourseContext } from './course-context';
import type { ParsedLesson } from './parse-lesson';
import { problem, type LintRule, type Position } from './problems';
import type { YamlPath } from './yaml-source';

export function lintLesson(lesson: ParsedLesson, context: CourseContext): LessonProblem[] {
  const out: LessonProblem[] = [];
  const report = (at: Position, rule: LintRule, message: string) => out.push(problem(lesson.file, at, rule, message));
  const hosts = [...context.knownHosts].join(', ');
  const yaml = lesson.yaml;

  for (const { block, hostCol, fromCol } of lesson.blocks) {
    if (!context.knownHosts.has(block.host)) {
      report({ line: block.line, col: hostCol }, 'unknown-block-host', `block ${block.id} runs on unknown host ${block.host || '(empty)'}: use one of ${hosts}`);
    }
    if (block.copyFrom !== undefined) lintCopyBlock(block, fromCol ?? 1, context, report);
    block.code.split('\n').forEach((codeLine, i) => {
      const line = block.line + 1 + i;
      const source = lesson.lines[line - 1] ?? codeLine;
      for (const m of codeLine.matchAll(VARIABLE_PATTERN)) {
        const name = m[1] as string;
        if (context.knownVariables.has(name)) continue;
        const at = source.indexOf(m[0]);
        report({ line, col: (at >= 0 ? at : m.index) + 1 }, 'unknown-variable', unknownVariable(name, context));
      }
    });
  }
  if (!yaml) return out;

  // Variables in every string of checks and reset steps, as written.
  const walk = (value: unknown, path: YamlPath) => {
    if (typeof value === 'string') {
      let n = 0;
      for (const m of value.matchAll(VARIABLE_PATTERN)) {
        const name = m[1] as string;
        if (!context.knownVariables.has(name)) report(yaml.positionOfText(path, m[0], n), 'unknown-variable', unknownVariable(name, context));
        n++;
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, [...path, i]));
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
    }
  };
  walk(lesson.rawChecks, ['checks']);
  lesson.rawReset.forEach((step, i) => walk(field(step, 'run'), ['reset', i, 'run']));

  const checkIds = new Map<string, number>();
  lesson.rawChecks.forEach((check, i) => {
    const host = field(check, 'host');
    if (typeof host === 'string' && !context.knownHosts.has(host)) {
      report(yaml.positionOf(['checks', i, 'host']), 'unknown-check-host', `check ${String(field(check, 'id') ?? i + 1)} runs on unknown host ${host}: use one of ${hosts}`);
    }
    // watch: true cannot bring back a check the rules keep out of background re-checks.
    const spec = CheckSpecSchema.safeParse(check);
    if (spec.success && spec.data.watch === true) {
      const why = unwatchedReason({ ...spec.data, watch: undefined });
      if (why) report(yaml.positionOf(['checks', i, 'watch']), 'watch-slow-check', `check ${spec.data.id} says watch: true, but ${why}: the app re-checks it only on Check my work (remove watch, or lower timeoutSeconds to 15)`);
    }
    const id = field(check, 'id');
    if (typeof id !== 'string') return;
    const first = checkIds.get(id);
    if (first === undefined) checkIds.set(id, yaml.positionOf(['checks', i, 'id']).line);
    else report(yaml.positionOf(['checks', i, 'id']), 'duplicate-check-id', `check id ${id} is already used by the check on line ${first}`);
  });
  lesson.rawReset.forEach((step, i) => {
    const host = field(step, 'host');
    if (typeof host === 'string' && !context.knownHosts.has(host)) {
      report(yaml.positionOf(['reset', i, 'host']), 'unknown-reset-host', `reset step runs on unknown host ${host}: use one of ${hosts}`);
    }
  });

  // A teardown page undoes the whole course: there is nothing to reset, nothing it builds.
  if (field(yaml.data(), 'teardown') === true) {
    for (const key of ['reset', 'builds'] as const) {
      if (field(yaml.data(), key) === undefined) continue;
      report(yaml.positionOfKey([], key), 'teardown-with-reset',
        `a teardown page has no ${key}: its only "starting over" is running the course again`);
    }
  }

  const builds = field(yaml.data(), 'builds');
  if (builds !== undefined && builds !== null) {
    const at = yaml.positionOfKey([], 'builds');
    if (lesson.rawChecks.length === 0) {
      report(at, 'builds-without-check', `the lesson builds ${String(builds)} but has no checks: add one that proves it works`);
    }
    if (lesson.rawReset.length === 0) {
      report(at, 'builds-without-reset', `the lesson builds ${String(builds)} but has no reset: add steps that undo it`);
    }
  }
  return out;
}

/** Lesson ids and requires across the course. `lessons` is in course order. */
export function lintRequires(lessons: readonly ParsedLesson[]): { problems: LessonProblem[]; duplicates: Set<ParsedLesson> } {
  const problems: LessonProblem[] = [];
  const duplicates = new Set<ParsedLesson>();
  const order = new Map<string, number>();
  const firstFile = new Map<string, string>();
  const teardown = new Set<string>();
  lessons.forEach((lesson, index) => {
    if (lesson.id === undefined) return;
    const first = firstFile.get(lesson.id);
    if (first === undefined) {
      firstFile.set(lesson.id, lesson.entry);
      order.set(lesson.id, index);
      if (field(lesson.yaml?.data(), 'teardown') === true) teardown.add(lesson.id);
    } else {
      duplicates.add(lesson);
      problems.push(problem(lesson.file, lesson.yaml?.positionOf(['id']) ?? { line: 1, col: 1 }, 'duplicate-lesson-id',
        `lesson id ${lesson.id} is already used by ${first}`));
    }
  });

  // Explicit requires: unknown or later lessons.
  const edges = new Map<string, { to: string; at?: Position; lesson: ParsedLesson }[]>();
  let previous: string | undefined;
  lessons.forEach((lesson, index) => {
    if (lesson.id === undefined || duplicates.has(lesson)) return;
    const requires = field(lesson.yaml?.data(), 'requires');
    const list: { to: string; at?: Position; lesson: ParsedLesson }[] = [];
    if (Array.isArray(requires)) {
      requires.forEach((to, i) => {
        if (typeof to !== 'string') return;
        const at = lesson.yaml?.positionOf(['requires', i]) ?? { line: 1, col: 1 };
        const toIndex = order.get(to);
        if (toIndex === undefined) {
          problems.push(problem(lesson.file, at, 'unknown-requires', `requires unknown lesson ${to}`));
          return;
        }
        if (teardown.has(to)) {
          problems.push(problem(lesson.file, at, 'requires-teardown',
            `requires ${to}, a teardown page: nothing can require it, it stands outside the course order`));
        }
        if (toIndex > index) {
          problems.push(problem(lesson.file, at, 'requires-later-lesson',
            `requires ${to}, which comes later in course.yaml: a lesson can only require earlier lessons`));
        }
        list.push({ to, at, lesson });
      });
    } else if (previous !== undefined && !teardown.has(lesson.id)) {
      list.push({ to: previous, lesson });
    }
    edges.set(lesson.id, list);
    if (!teardown.has(lesson.id)) previous = lesson.id;
  });

  for (const cycle of findCycles(edges)) {
    // Report at the first explicit requires entry, naming the lessons from there.
    const from = Math.max(0, cycle.findIndex((edge) => edge.at));
    const rotated = [...cycle.slice(from), ...cycle.slice(0, from)];
    const closing = rotated[0];
    if (!closing) continue;
    const names = [...rotated.map((edge) => edge.lesson.id as string), closing.lesson.id as string];
    const message = cycle.length === 1 ? `lesson ${names[0]} requires itself` : `requires cycle: ${names.join(' → ')}`;
    problems.push(problem(closing.lesson.file, closing.at ?? closing.lesson.yaml?.positionOf(['id']) ?? { line: 1, col: 1 }, 'requires-cycle', message));
  }
  return { problems, duplicates };
}

type Edge = { to: string; at?: Position; lesson: ParsedLesson };

/** One cycle per strongly connected group of lessons, as the edges that go around it. */
function findCycles(edges: ReadonlyMap<string, Edge[]>): Edge[][] {
  const cycles: Edge[][] = [];
  const done = new Set<string>();
  for (const start of edges.keys()) {
    if (done.has(start)) continue;
    // Depth-first search keeping the current path; a back edge to the path closes a cycle.
    const path: Edge[] = [];
    const onPath = new Set<string>();
    const visit = (node: string) => {
      onPath.add(node);
      for (const edge of edges.get(node) ?? []) {
        if (onPath.has(edge.to)) {
          const from = path.findIndex((e) => e.lesson.id === edge.to);
          cycles.push([...(from >= 0 ? path.slice(from) : []), edge]);
        } else if (!done.has(edge.to)) {
          path.push(edge);
          visit(edge.to);
          path.pop();
        }
      }
      onPath.delete(node);
      done.add(node);
    };
    visit(start);
  }
  return cycles;
}

function field(value: unknown, key: string): unknown {
  return value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

function unknownVariable(name: string, context: CourseContext): string {
  const near = closest(name, [...context.knownVariables]);
  return `unknown variable {{${name}}}${near ? ` (did you mean {{${near}}}?)` : ''}`;
}

function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

/** A copy block goes between two of the course's machines, and lists files it can copy. */
function lintCopyBlock(block: ParsedLesson['blocks'][number]['block'], fromCol: number, context: CourseContext, report: (at: Position, rule: LintRule, message: string) => void): void {
  const roles = [...context.knownHosts].filter((h) => h !== 'any' && h !== 'local');
  const at = { line: block.line, col: fromCol };
  const from = block.copyFrom ?? '';
  if (!roles.includes(from)) {
    report(at, 'copy-block', `copy block ${block.id} copies from ${from ? `unknown host ${from}` : 'nowhere (no from=)'}: use one of ${roles.join(', ')}`);
  } else if (from === block.host) {
    report(at, 'copy-block', `copy block ${block.id} copies from ${from} to itself: host= names where the files go`);
  }
  if (context.knownHosts.has(block.host) && !roles.includes(block.host)) {
    report(at, 'copy-block', `copy block ${block.id} copies to ${block.host}: a copy goes to one of ${roles.join(', ')}`);
  }
  if (block.code.trim() === '') return; // empty-block says so
  // As written: a {{variable}} stands for a path segment here; run time checks the resolved paths again.
  for (const p of parseCopyList(block.code.replace(VARIABLE_PATTERN, '/v')).problems) report({ line: block.line + 1 + p.line, col: 1 }, 'copy-block', p.message);
}

