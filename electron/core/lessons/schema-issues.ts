// Turns zod issues into short messages an author can act on, each with the YAML path it is about.
import type { z } from 'zod';

export interface SchemaIssue {
  /** Path of the node the issue is about. */
  path: PropertyKey[];
  /** For an unknown field: its name, so the problem can point at the key itself. */
  key?: string;
  message: string;
}

export function schemaIssues(error: z.ZodError, data: unknown): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  for (const issue of error.issues) {
    const path = [...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path, key, message: `unknown field \`${fieldName([...path, key])}\`` });
    } else if (path.length === 0) {
      out.push({ path, message: 'expected a mapping of fields (key: value lines)' });
    } else if (issue.code === 'invalid_type' && valueAt(data, path) === undefined) {
      out.push({ path, message: `missing field \`${fieldName(path)}\`` });
    } else {
      const text = issue.message.replace(/^Invalid input: /, '');
      out.push({ path, message: `\`${fieldName(path)}\`${shownValue(valueAt(data, path))}: ${text}` });
    }
  }
  return out;
}

/** `hosts[1].minimum.cpus` */
export function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>((name, key) =>
    typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${String(key)}` : String(key), '');
}

export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function shownValue(value: unknown): string {
  if (typeof value === 'string') return ` "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return ` ${String(value)}`;
  return '';
}
