// Parses one lesson file: front matter (validated), checks, and the Markdown body.
import path from 'node:path';
import {
  CheckSpecSchema, CHECK_KINDS, FrontMatterSchema, SEED_PLACEHOLDER,
  type CheckSpec, type FrontMatter, type LessonProblem, type LessonSegment,
} from '../../../common/course';
import { FRONT_MATTER_LINE_OFFSET, normaliseText, splitFrontMatter } from './front-matter';
import { parseBody, type BlockFact } from './markdown-body';
import { displayPath } from './paths';
import { problem, type LintRule, type Position } from './problems';
import { findRawHtml } from './raw-html';
import { schemaIssues, valueAt } from './schema-issues';
import { YamlSource } from './yaml-source';

export interface LessonInput {
  /** The file name as course.yaml lists it (relative to the lessons folder). */
  entry: string;
  /** Absolute path of the lesson file. */
  lessonPath: string;
  text: string;
  assetsDir: string;
}

export interface ParsedLesson {
  entry: string;
  /** The lesson file as problems name it. */
  file: string;
  /** The front matter's id, when it is a string (even if other fields are wrong). */
  id?: string;
  /** The front matter's title, when it is a string (to name a lesson left out). */
  title?: string;
  /** Set when the front matter and every check are valid. */
  frontMatter?: FrontMatter;
  checks: CheckSpec[];
  /** Checks and reset steps as written, for linting even when invalid. */
  rawChecks: unknown[];
  rawReset: unknown[];
  /** The parsed front matter YAML, to locate problems in it. */
  yaml?: YamlSource;
  blocks: BlockFact[];
  segments: LessonSegment[];
  /** The file's lines (line endings normalised). */
  lines: string[];
  problems: LessonProblem[];
}

export function parseLesson(input: LessonInput): ParsedLesson {
  const text = normaliseText(input.text);
  const file = displayPath(input.lessonPath);
  const parsed: ParsedLesson = {
    entry: input.entry, file, checks: [], rawChecks: [], rawReset: [], blocks: [], segments: [],
    lines: text.split('\n'), problems: [],
  };
  const report: Report = (at, rule, message) => parsed.problems.push(problem(file, at, rule, message));

  const split = splitFrontMatter(text);
  if (!split.ok) report({ line: 1, col: 1 }, 'front-matter-missing', split.message);
  else readFrontMatter(parsed, new YamlSource(split.yaml, FRONT_MATTER_LINE_OFFSET), report);

  if (split.body !== undefined) {
    const body = parseBody({
      body: split.body,
      bodyLineOffset: split.bodyLineOffset,
      lessonId: parsed.id ?? path.basename(input.entry, '.md'),
      lessonPath: input.lessonPath,
      assetsDir: input.assetsDir,
      file,
    });
    parsed.blocks = body.blocks;
    parsed.segments = body.segments;
    parsed.problems.push(...body.problems);
    for (const html of findRawHtml(split.body)) {
      report({ line: html.line + split.bodyLineOffset + 1, col: html.col + 1 }, 'raw-html',
        `raw HTML ${html.html} would show as text (HTML is off in lessons): use Markdown instead`);
    }
  }

  parsed.lines.forEach((line, i) => {
    const lower = line.toLowerCase();
    for (let at = lower.indexOf(SEED_PLACEHOLDER); at >= 0; at = lower.indexOf(SEED_PLACEHOLDER, at + 1)) {
      report({ line: i + 1, col: at + 1 }, 'seed-placeholder',
        `replace the seed's placeholder ${SEED_PLACEHOLDER} with {{master.ip}} (or the right host's .ip)`);
    }
  });
  return parsed;
}

type Report = (at: Position, rule: LintRule, message: string) => void;

function readFrontMatter(parsed: ParsedLesson, yaml: YamlSource, report: Report): void {
  parsed.yaml = yaml;
  const syntax = yaml.syntaxErrors();
  if (syntax.length > 0) {
    for (const error of syntax) report(error, 'front-matter-syntax', error.message);
    return;
  }
  const data = yaml.data();
  const id = valueAt(data, ['id']);
  if (typeof id === 'string') parsed.id = id;
  const title = valueAt(data, ['title']);
  if (typeof title === 'string') parsed.title = title;
  const rawChecks = valueAt(data, ['checks']);
  if (Array.isArray(rawChecks)) parsed.rawChecks = rawChecks;
  const rawReset = valueAt(data, ['reset']);
  if (Array.isArray(rawReset)) parsed.rawReset = rawReset;

  const front = FrontMatterSchema.safeParse(data ?? {});
  if (!front.success) {
    for (const issue of schemaIssues(front.error, data)) {
      const at = issue.key ? yaml.positionOfKey(issue.path, issue.key) : yaml.positionOf(issue.path);
      report(at, 'front-matter-schema', issue.message);
    }
  }

  let checksValid = true;
  const checks: CheckSpec[] = [];
  parsed.rawChecks.forEach((raw, index) => {
    const spec = parseCheck(raw, index, yaml, report);
    if (spec) checks.push(spec);
    else checksValid = false;
  });
  if (front.success && checksValid) {
    parsed.frontMatter = front.data;
    parsed.checks = checks;
  }
}

function parseCheck(raw: unknown, index: number, yaml: YamlSource, report: Report): CheckSpec | undefined {
  const base = ['checks', index];
  const id = valueAt(raw, ['id']);
  const name = typeof id === 'string' ? `check ${id}` : `check ${index + 1}`;
  const kind = valueAt(raw, ['kind']);
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    if (kind === undefined) {
      report(yaml.positionOf(base), 'check-schema', `${name}: missing field \`kind\` (one of ${CHECK_KINDS.join(', ')})`);
      return undefined;
    }
    if (!CHECK_KINDS.includes(kind as never)) {
      report(yaml.positionOf([...base, 'kind']), 'check-schema',
        `${name}: unknown kind ${String(kind)} (use one of ${CHECK_KINDS.join(', ')})`);
      return undefined;
    }
  }
  const result = CheckSpecSchema.safeParse(raw);
  if (result.success) return result.data;
  for (const issue of schemaIssues(result.error, raw)) {
    const path = [...base, ...issue.path];
    const at = issue.key ? yaml.positionOfKey(path, issue.key) : yaml.positionOf(path);
    const message = issue.path.length === 0 && !issue.key ? 'expected a mapping with id, host, kind and its fields' : issue.message;
    report(at, 'check-schema', `${name}${typeof kind === 'string' ? ` (${kind})` : ''}: ${message}`);
  }
  return undefined;
}
