// Command blocks and their {{variables}}: the chips the code shows (the resolved value,
// or the name in a warning style), what Copy copies, and why a block cannot run yet.
// Pure: no DOM, no React. Values come from core's getVariables().
import type { VariableValue } from '../../../common/variables';
import { resolveVariables } from '../../../common/variables';
import { splitCode } from './code-parts';

/** Variables by name, as getVariables() listed them. */
export type VariableMap = ReadonlyMap<string, VariableValue>;

export type ChipPart =
  | { kind: 'text'; text: string }
  | {
      kind: 'variable';
      name: string;
      /** The placeholder as written, e.g. `{{ master.ip }}`. */
      raw: string;
      /** The value to show; absent when the variable has none (or values are still loading). */
      value?: string;
      /** 'ok': a value; 'missing': none or invalid; 'unknown': values not loaded yet. */
      status: 'ok' | 'missing' | 'unknown';
      /** Tooltip: "master.ip — from Hosts → master → address". */
      title: string;
    };

export function variableMap(values: readonly VariableValue[]): Map<string, VariableValue> {
  return new Map(values.map((v) => [v.name, v]));
}

/** The value of `name`, or the reason it has none (an unknown name included). */
export function lookup(name: string, values: VariableMap): VariableValue {
  return values.get(name) ?? { name, kind: 'text', source: 'nowhere', problem: 'no such variable in this course', fix: 'course' };
}

export function chipTitle(name: string, value: VariableValue | undefined): string {
  if (!value) return `${name} — its value is loading`;
  if (value.value !== undefined) return `${name} — from ${value.source}`;
  const where = value.source === 'nowhere' ? '' : ` (${value.source})`;
  return `${name} — ${value.problem ?? 'not set yet'}${where}`;
}

/** The code split into text and chips; `values` null while they load. */
export function resolveChips(code: string, values: VariableMap | null): ChipPart[] {
  return splitCode(code).map((part) => {
    if (part.kind === 'text') return part;
    if (!values) return { ...part, status: 'unknown', title: chipTitle(part.name, undefined) };
    const v = lookup(part.name, values);
    return v.value !== undefined
      ? { ...part, value: v.value, status: 'ok', title: chipTitle(part.name, v) }
      : { ...part, status: 'missing', title: chipTitle(part.name, v) };
  });
}

/** The variables of `code` without a usable value, each once, in order of use. */
export function missingVariables(code: string, values: VariableMap | null): VariableValue[] {
  if (!values) return [];
  return resolveVariables(code, values as Map<string, VariableValue>).missing;
}

export interface MissingGroup {
  /** Names sharing one problem, e.g. ['master.ip', 'worker.ip']. */
  names: string[];
  problem: string;
  fix: 'hosts' | 'course';
}

/** Missing variables grouped by problem and fix, for "Needs {{a}} and {{b}}: not set yet". */
export function groupMissing(missing: readonly VariableValue[]): MissingGroup[] {
  const groups: MissingGroup[] = [];
  for (const m of missing) {
    const problem = m.problem ?? 'not set yet';
    const fix = m.fix ?? 'course';
    const same = groups.find((g) => g.problem === problem && g.fix === fix);
    if (same) same.names.push(m.name);
    else groups.push({ names: [m.name], problem, fix });
  }
  return groups;
}

/** "{{a}}", "{{a}} and {{b}}", "{{a}}, {{b}} and {{c}}". */
export function listPlaceholders(names: readonly string[]): string {
  const all = names.map((n) => `{{${n}}}`);
  if (all.length <= 1) return all.join('');
  return `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
}

export type CopyText = { text: string; resolved: true } | { text: string; resolved: false; missing: string[] };

/** What Copy copies: the code with every variable filled in, else the code as written. */
export function copyText(code: string, values: VariableMap | null): CopyText {
  if (!values) return { text: code, resolved: false, missing: [] };
  const r = resolveVariables(code, values as Map<string, VariableValue>);
  if (r.text !== undefined) return { text: r.text, resolved: true };
  return { text: code, resolved: false, missing: r.missing.map((m) => m.name) };
}
