// The course's own values (course.yaml → variables) as the learner may override them:
// what differs from the default becomes an override, an empty field means the default,
// and a value with a shell character is refused before anything is saved.
// Pure: no DOM, no React.
import { valueProblem } from '../../../common/variables';

export interface CourseValueEdit {
  overrides: Record<string, string>;
  /** By variable name: why its value can't be saved. */
  problems: Record<string, string>;
}

export function courseValueEdit(defaults: Record<string, string>, edited: Record<string, string>): CourseValueEdit {
  const overrides: Record<string, string> = {};
  const problems: Record<string, string> = {};
  for (const [name, fallback] of Object.entries(defaults)) {
    const value = (edited[name] ?? fallback).trim();
    if (value === '' || value === fallback) continue;
    const problem = valueProblem('text', value);
    if (problem) problems[name] = problem;
    else overrides[name] = value;
  }
  return { overrides, problems };
}
