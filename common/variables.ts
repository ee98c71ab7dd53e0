// {{variables}} in lessons: their values come from the learner's host profiles and the
// course file, and each is validated for its type before it can reach a shell. A value
// that fails (or is missing) disables the blocks that use it, with the reason.
import type { HostSummary } from './api';
import { ARCHITECTURES, type Course, VARIABLE_PATTERN } from './course';

/**
 * The fields every host role provides as variables: {{master.ip}}, {{worker.user}}, …
 * `arch` (amd64, arm64) is what Test connection read on that VM: each VM of a mixed pair
 * gets its own archives.
 */
export const HOST_VARIABLE_FIELDS = ['ip', 'hostname', 'user', 'port', 'arch'] as const;
export type HostVariableField = (typeof HOST_VARIABLE_FIELDS)[number];

/** The variable naming scheme, shared by the values below and the lesson linter. */
export const variableName = {
  host: (role: string, field: HostVariableField) => `${role}.${field}`,
  version: (key: string) => `versions.${key}`,
};

export type VariableKind = 'ip' | 'hostname' | 'user' | 'port' | 'arch' | 'version' | 'text';

export interface VariableValue {
  name: string;
  kind: VariableKind;
  /** Set when the value is known and valid. */
  value?: string;
  /** Where it comes from, for the learner ("Hosts → master → private IP"). */
  source: string;
  /** Why there is no usable value ("not set", "not an IPv4 address: …"). */
  problem?: string;
  /** Where the learner can fix it. */
  fix?: 'hosts' | 'course';
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const USER = /^[a-z_][a-z0-9_.-]{0,31}$/i;
const VERSION = /^[0-9][0-9A-Za-z.+-]{0,40}$/;
/** Course text values: paths, CIDRs, names. No quote, space, $, `, ;, |, &, <, >, (, ), glob or brace. */
const SAFE_TEXT = /^[A-Za-z0-9._/:,@+=-]{1,200}$/;

const RULES: Record<VariableKind, { test: (v: string) => boolean; expected: string }> = {
  ip: { test: (v) => IPV4.test(v), expected: 'an IPv4 address like 10.0.0.5' },
  hostname: { test: (v) => HOSTNAME.test(v), expected: 'a host name like kube-master' },
  user: { test: (v) => USER.test(v), expected: 'a Unix user name' },
  port: { test: (v) => /^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535, expected: 'a port number' },
  arch: { test: (v) => (ARCHITECTURES as readonly string[]).includes(v), expected: `one of ${ARCHITECTURES.join(', ')}` },
  version: { test: (v) => VERSION.test(v), expected: 'a version like 1.24.10' },
  text: { test: (v) => SAFE_TEXT.test(v), expected: 'plain text without spaces or shell characters' },
};

/** Why a value is not valid for its kind (undefined when it is), in the learner's words. */
export function valueProblem(kind: VariableKind, raw: string): string | undefined {
  if (raw === '') return 'not set';
  return RULES[kind].test(raw) ? undefined : `${JSON.stringify(raw)} is not ${RULES[kind].expected}`;
}

function make(name: string, kind: VariableKind, raw: string | undefined, source: string, fix: 'hosts' | 'course'): VariableValue {
  if (raw === undefined || raw === '') return { name, kind, source, problem: 'not set yet', fix };
  if (!RULES[kind].test(raw)) {
    return { name, kind, source, problem: `${JSON.stringify(raw)} is not ${RULES[kind].expected}`, fix };
  }
  return { name, kind, value: raw, source };
}

/** Every variable a lesson may use, with its value or the reason it has none. */
export function variableValues(course: Pick<Course, 'hosts' | 'versions' | 'variables' | 'adjustable'>, hosts: HostSummary[], overrides: Record<string, string> = {}): Map<string, VariableValue> {
  const out = new Map<string, VariableValue>();
  const add = (v: VariableValue) => out.set(v.name, v);
  for (const h of course.hosts) {
    const profile = hosts.find((p) => p.role === h.role);
    const where = `Hosts → ${h.role}`;
    const ip = profile?.privateIp ?? profile?.address;
    const ipSource = profile?.privateIp ? `${where} → private IP` : `${where} → address`;
    add(make(variableName.host(h.role, 'ip'), 'ip', ip, ipSource, 'hosts'));
    add(make(variableName.host(h.role, 'hostname'), 'hostname', h.hostname, 'course.yaml → hosts', 'course'));
    add(make(variableName.host(h.role, 'user'), 'user', profile?.user, `${where} → user`, 'hosts'));
    add(make(variableName.host(h.role, 'port'), 'port', profile ? String(profile.port) : undefined, `${where} → port`, 'hosts'));
    const arch = make(variableName.host(h.role, 'arch'), 'arch', profile?.arch, `${where} → Test connection (uname -m)`, 'hosts');
    add(arch.problem === 'not set yet' ? { ...arch, problem: `not read yet: press Test connection for ${h.hostname} in Hosts` } : arch);
  }
  for (const [k, v] of Object.entries(course.versions)) {
    const name = variableName.version(k);
    add(make(name, 'version', overrides[name] ?? v, overrides[name] !== undefined ? 'settings → override' : 'course.yaml → versions', 'course'));
  }
  // Only adjustable variables take an override: the others are also written out literally
  // in the lessons (addresses derived from a range, say), so changing one would break them.
  for (const [k, v] of Object.entries(course.variables)) {
    const o = course.adjustable?.includes(k) ? overrides[k] : undefined;
    add(make(k, 'text', o ?? v, o !== undefined ? 'settings → override' : 'course.yaml → variables', 'course'));
  }
  return out;
}

export interface Resolution {
  text?: string;
  /** Variables without a usable value; the block must not run while any remain. */
  missing: VariableValue[];
}

/** Substitutes every {{name}}; refuses (no text) if any is unknown, unset or invalid. */
export function resolveVariables(text: string, values: Map<string, VariableValue>): Resolution {
  const missing: VariableValue[] = [];
  const resolved = text.replace(VARIABLE_PATTERN, (_m, name: string) => {
    const v = values.get(name);
    if (v?.value !== undefined) return v.value;
    if (!missing.some((m) => m.name === name)) {
      missing.push(v ?? { name, kind: 'text', source: 'nowhere', problem: 'no such variable in this course', fix: 'course' });
    }
    return '';
  });
  return missing.length ? { missing } : { text: resolved, missing };
}
