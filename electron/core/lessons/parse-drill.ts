// Parses and lints one troubleshooting drill (common/drill.ts): front matter validated by
// zod with file:line:col problems like a lesson's, the explanation's blocks parsed like a
// lesson's body, and the references checked against the course: the lessons it requires,
// the checks it names (each one of a required lesson), hosts and {{variables}}.
import path from 'node:path';
import { parseCopyList } from '../../../common/copy-list';
import { VARIABLE_PATTERN, type Lesson, type LessonProblem } from '../../../common/course';
import { DrillFrontMatterSchema, type Drill, drillMachines } from '../../../common/drill';
import type { CourseContext } from './course-context';
import { FRONT_MATTER_LINE_OFFSET, normaliseText, splitFrontMatter } from './front-matter';
import { lintLesson } from './lint-rules';
import { parseBody } from './markdown-body';
import type { ParsedLesson } from './parse-lesson';
import { displayPath } from './paths';
import { problem, type LintRule, type Position } from './problems';
import { findRawHtml } from './raw-html';
import { schemaIssues, valueAt } from './schema-issues';
import { YamlSource, type YamlPath } from './yaml-source';

export interface DrillInput {
  entry: string;
  drillPath: string;
  text: string;
  assetsDir: string;
  context: CourseContext;
  /** The course's lessons that loaded (a drill may only name those and their checks). */
  lessons: readonly Lesson[];
}

export interface ParsedDrill {
  file: string;
  id?: string;
  /** Where the id is written (for a duplicate id). */
  idAt?: Position;
  /** Set when the drill is valid and every reference resolves. */
  drill?: Drill;
  problems: LessonProblem[];
}

export function parseDrill(input: DrillInput): ParsedDrill {
  const text = normaliseText(input.text);
  const file = displayPath(input.drillPath);
  const out: ParsedDrill = { file, problems: [] };
  const report = (at: Position, rule: LintRule, message: string) => out.problems.push(problem(file, at, rule, message));

  const split = splitFrontMatter(text);
  if (!split.ok) {
    report({ line: 1, col: 1 }, 'front-matter-missing', split.message.replace('a lesson', 'a drill').replace('(id, title, section)', '(id, title, requires, symptom, proves, inject, undo, hints)'));
    return out;
  }
  const yaml = new YamlSource(split.yaml, FRONT_MATTER_LINE_OFFSET);
  const syntax = yaml.syntaxErrors();
  if (syntax.length > 0) {
    for (const e of syntax) report(e, 'front-matter-syntax', e.message);
    return out;
  }
  const data = yaml.data();
  const id = valueAt(data, ['id']);
  if (typeof id === 'string') {
    out.id = id;
    out.idAt = yaml.positionOf(['id']);
  }

  const body = parseBody({
    body: split.body, bodyLineOffset: split.bodyLineOffset, lessonId: out.id ?? path.basename(input.entry, '.md'),
    lessonPath: input.drillPath, assetsDir: input.assetsDir, file,
  });
  out.problems.push(...body.problems);
  for (const html of findRawHtml(split.body)) {
    report({ line: html.line + split.bodyLineOffset + 1, col: html.col + 1 }, 'raw-html',
      `raw HTML ${html.html} would show as text (HTML is off in lessons): use Markdown instead`);
  }
  // The explanation's blocks follow the lessons' rules (hosts, copy blocks, variables).
  const asLesson = { file, blocks: body.blocks, lines: text.split('\n'), rawChecks: [], rawReset: [] } as unknown as ParsedLesson;
  out.problems.push(...lintLesson(asLesson, input.context));
  if (body.blocks.length === 0) {
    report({ line: split.bodyLineOffset + 1, col: 1 }, 'drill-without-fix', 'the explanation has no runnable block: show the fix as commands the learner can run');
  }

  const front = DrillFrontMatterSchema.safeParse(data ?? {});
  if (!front.success) {
    for (const issue of schemaIssues(front.error, data)) {
      const at = issue.key ? yaml.positionOfKey(issue.path, issue.key) : yaml.positionOf(issue.path);
      report(at, 'drill-schema', issue.message);
    }
  }
  lintReferences(data, yaml, input, report);
  // A drill with any problem is left out: a half-valid one could break the cluster and
  // not know how to put it back.
  if (!front.success || out.problems.length > 0) return out;
  const f = front.data;
  out.drill = {
    id: f.id,
    title: f.title,
    file: input.entry,
    requires: f.requires,
    symptom: f.symptom,
    proves: f.proves.map((ref) => {
      const [lessonId, checkId] = ref.split('/') as [string, string];
      return { lessonId, checkId };
    }),
    inject: f.inject,
    undo: f.undo,
    hints: f.hints,
    hintCount: f.hints.length,
    machines: drillMachines(f.inject),
    blocks: body.blocks.map((b) => b.block),
    segments: body.segments,
  };
  return out;
}

type Report = (at: Position, rule: LintRule, message: string) => void;

function lintReferences(data: unknown, yaml: YamlSource, input: DrillInput, report: Report): void {
  const { context, lessons } = input;
  const hosts = [...context.knownHosts].join(', ');
  const byId = new Map(lessons.map((l) => [l.id, l]));
  const requires = valueAt(data, ['requires']);
  const required = new Set<string>();
  if (Array.isArray(requires)) {
    requires.forEach((to, i) => {
      if (typeof to !== 'string') return;
      const lesson = byId.get(to);
      if (!lesson) report(yaml.positionOf(['requires', i]), 'drill-unknown-lesson', `requires unknown lesson ${to}`);
      else if (lesson.teardown) report(yaml.positionOf(['requires', i]), 'drill-unknown-lesson', `requires ${to}, a teardown page: a drill needs a cluster that is built`);
      else required.add(to);
    });
  }
  const proves = valueAt(data, ['proves']);
  if (Array.isArray(proves)) {
    proves.forEach((ref, i) => {
      if (typeof ref !== 'string' || !ref.includes('/')) return;
      const [lessonId, checkId] = ref.split('/') as [string, string];
      const at = yaml.positionOf(['proves', i]);
      const lesson = byId.get(lessonId);
      if (!lesson) report(at, 'drill-unknown-check', `proves ${ref}: there is no lesson ${lessonId}`);
      else if (!lesson.checks.some((c) => c.id === checkId)) {
        report(at, 'drill-unknown-check', `proves ${ref}: lesson ${lessonId} has no check ${checkId} (its checks: ${lesson.checks.map((c) => c.id).join(', ') || 'none'})`);
      } else if (Array.isArray(requires) && !required.has(lessonId)) {
        report(at, 'drill-unknown-check', `proves ${ref}, but the drill does not require ${lessonId}: add it to requires, so that its checks pass before the fault goes in`);
      }
    });
  }
  const machines = [...context.knownHosts].filter((h) => h !== 'any' && h !== 'local');
  for (const key of ['inject', 'undo'] as const) {
    const steps = valueAt(data, [key]);
    if (!Array.isArray(steps)) continue;
    steps.forEach((step, i) => {
      const host = valueAt(step, ['host']);
      const copy = valueAt(step, ['copy']);
      if (typeof host === 'string' && !context.knownHosts.has(host)) {
        report(yaml.positionOf([key, i, 'host']), 'drill-unknown-host', `${key} step runs on unknown host ${host}: use one of ${hosts}`);
      } else if (typeof copy === 'string' && typeof host === 'string' && !machines.includes(host)) {
        report(yaml.positionOf([key, i, 'host']), 'drill-unknown-host', `${key} step copies to ${host}: a copy goes to one of ${machines.join(', ')}`);
      }
      const run = valueAt(step, ['run']);
      if (typeof run === 'string') lintVariables(run, [key, i, 'run'], yaml, context, report);
      if (typeof copy === 'string') lintCopyStep(step, copy, [key, i], machines, yaml, context, report);
    });
  }
}

/** A copy step goes between two of the course's machines and lists files, as a copy block does. */
function lintCopyStep(step: unknown, copy: string, at: ['inject' | 'undo', number], machines: string[], yaml: YamlSource, context: CourseContext, report: Report): void {
  const from = valueAt(step, ['from']);
  if (typeof from === 'string') {
    if (!machines.includes(from)) report(yaml.positionOf([...at, 'from']), 'drill-unknown-host', `${at[0]} step copies from unknown host ${from}: use one of ${machines.join(', ')}`);
    else if (from === valueAt(step, ['host'])) report(yaml.positionOf([...at, 'from']), 'drill-unknown-host', `${at[0]} step copies from ${from} to itself: host names where the files go`);
  }
  lintVariables(copy, [...at, 'copy'], yaml, context, report);
  // As written: a {{variable}} stands for a path segment here; run time checks the resolved paths again.
  for (const p of parseCopyList(copy.replace(VARIABLE_PATTERN, '/v')).problems) report(yaml.positionOf([...at, 'copy']), 'copy-block', `${at[0]} step: ${p.message}`);
}

function lintVariables(text: string, at: YamlPath, yaml: YamlSource, context: CourseContext, report: Report): void {
  let n = 0;
  for (const m of text.matchAll(VARIABLE_PATTERN)) {
    const name = m[1] as string;
    if (!context.knownVariables.has(name)) report(yaml.positionOfText(at, m[0], n), 'unknown-variable', `unknown variable {{${name}}}`);
    n++;
  }
}
