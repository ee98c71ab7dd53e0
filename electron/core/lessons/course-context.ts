// What lessons may refer to: the course's host roles and variables.
import { SPECIAL_HOSTS } from '../../../common/course';

export interface CourseContext {
  /** Course host roles plus `any` and `local`. */
  knownHosts: ReadonlySet<string>;
  /** Variable names usable as {{name}}. */
  knownVariables: ReadonlySet<string>;
}

/** The fields every host role provides as variables: {{master.ip}}, {{worker.user}}, … */
export const HOST_VARIABLE_FIELDS = ['ip', 'hostname', 'user', 'port'] as const;

export function courseContext(roles: readonly string[], versionKeys: readonly string[], variableKeys: readonly string[]): CourseContext {
  return {
    knownHosts: new Set([...roles, ...SPECIAL_HOSTS]),
    knownVariables: new Set([
      ...roles.flatMap((role) => HOST_VARIABLE_FIELDS.map((field) => `${role}.${field}`)),
      ...versionKeys.map((key) => `versions.${key}`),
      ...variableKeys,
    ]),
  };
}
