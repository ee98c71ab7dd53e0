// Problem records and the catalogue of lint rules.
import type { LessonProblem } from '../../../common/course';

/** Every rule the lesson linter reports, with what it means. */
export const LINT_RULES = {
  'missing-course-file': 'the lessons folder or its course.yaml does not exist',
  'yaml-syntax': 'course.yaml is not valid YAML',
  'course-schema': 'course.yaml has a missing, unknown or wrong field',
  'missing-lesson-file': 'course.yaml lists a lesson file that does not exist',
  'front-matter-missing': 'a lesson does not start with front matter between --- lines',
  'front-matter-syntax': 'the front matter is not valid YAML',
  'front-matter-schema': 'the front matter has a missing, unknown or wrong field',
  'duplicate-lesson-id': 'two lessons use the same id',
  'unknown-requires': 'requires names a lesson that does not exist',
  'requires-later-lesson': 'requires names a lesson that comes later in course order',
  'requires-cycle': 'lessons require each other in a circle',
  'requires-teardown': 'requires names a teardown page, which stands outside the course order',
  'teardown-with-reset': 'a teardown page has a reset or builds something',
  'unknown-block-host': 'a runnable block names a host that is not a course role, any or local',
  'duplicate-block-id': 'two runnable blocks of a lesson have the same id',
  'empty-block': 'a runnable block has no commands',
  'copy-block': 'a copy block names no source or a wrong one, or a line that is not a file path (and mode)',
  'block-expect': "a block's expect= is empty or not a valid /regex/",
  'watch-slow-check': 'a check says watch: true but its timeout or the internet keeps it out of background re-checks',
  'unknown-variable': 'a {{variable}} in a block, check or reset does not exist',
  'check-schema': 'a check has an unknown kind, or a missing, unknown or wrong field',
  'unknown-check-host': 'a check names a host that is not a course role, any or local',
  'duplicate-check-id': 'two checks of a lesson have the same id',
  'builds-without-check': 'a lesson that builds a component has no check',
  'builds-without-reset': 'a lesson that builds a component has no reset step',
  'unknown-reset-host': 'a reset step names a host that is not a course role, any or local',
  'seed-placeholder': "the seed's <your server private ip address> placeholder appears",
  'missing-image': 'an image file does not exist',
  'remote-image': 'an image is a URL instead of a local file',
  'image-outside-assets': 'an image file lies outside the assets folder the app serves',
  'raw-html': 'the Markdown contains HTML, which is shown as text',
  'missing-drill-file': 'course.yaml lists a drill file that does not exist',
  'drill-schema': "a drill's front matter has a missing, unknown or wrong field",
  'duplicate-drill-id': 'two drills use the same id',
  'drill-unknown-lesson': 'a drill requires a lesson that does not exist (or a teardown page)',
  'drill-unknown-check': 'a drill proves a check that does not exist, or one of a lesson it does not require',
  'drill-unknown-host': "a drill's inject or undo step names a host that is not a course role, any or local",
  'drill-without-fix': "a drill's explanation has no runnable block with the fix",
} as const;

export type LintRule = keyof typeof LINT_RULES;

export interface Position {
  line: number;
  col: number;
}

export function problem(file: string, at: Position, rule: LintRule, message: string): LessonProblem {
  return { file, line: at.line, col: at.col, message, rule };
}

/** Problems in file, line, column order (stable for equal positions). */
export function sortProblems(problems: readonly LessonProblem[]): LessonProblem[] {
  return [...problems].sort((a, b) =>
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.col - b.col);
}
