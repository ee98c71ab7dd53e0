// What lessons may refer to: the course's host roles and variables.
import { SPECIAL_HOSTS } from '../../../common/course';
import { HOST_VARIABLE_FIELDS, variableName } from '../../../common/variables';

export interface CourseContext {
  /** Course host roles plus `any` and `local`. */
  knownHosts: ReadonlySet<string>;
  /** Variable names usable as {{name}}. */
  knownVariables: ReadonlySet<string>;
}

export function courseContext(roles: readonly string[], versionKeys: readonly string[], variableKeys: readonly string[]): CourseContext {
  return {
    knownHosts: new Set([...roles, ...SPECIAL_HOSTS]),
    knownVariables: new Set([
      ...roles.flatMap((role) => HOST_VARIABLE_FIELDS.map((field) => variableName.host(role, field))),
      ...versionKeys.map(variableName.version),
      ...variableKeys,
    ]),
  };
}
