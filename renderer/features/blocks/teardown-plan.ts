// A teardown page's confirmation: every command it will run, grouped by the machine it runs
// on (in the order the machines first appear), each block with its variables filled in. Pure.
import { type Course, type Lesson, hostRole, hostnameOf } from '../../../common/course';
import { type VariableMap, copyText } from './block-variables';

export interface TeardownStep {
  blockId: string;
  title: string;
  /** The commands as they will run, or as written while a value is missing. */
  text: string;
  /** Variables without a value (the page cannot run until they have one). */
  missing: string[];
}

export interface TeardownHost {
  role: string;
  hostname: string;
  steps: TeardownStep[];
}

export function teardownPlan(course: Course, lesson: Lesson, values: VariableMap | null): TeardownHost[] {
  const hosts = new Map<string, TeardownHost>();
  for (const block of lesson.blocks) {
    const role = hostRole(course, block.host);
    let host = hosts.get(role);
    if (!host) {
      host = { role, hostname: hostnameOf(course, role), steps: [] };
      hosts.set(role, host);
    }
    const copy = copyText(block.code, values);
    host.steps.push({
      blockId: block.id,
      title: block.title ?? `Commands for ${host.hostname}`,
      text: copy.text,
      missing: copy.resolved ? [] : copy.missing,
    });
  }
  return [...hosts.values()];
}

/** "kube-worker and kube-master", "kube-a, kube-b and kube-c". */
export function hostList(hosts: readonly TeardownHost[]): string {
  const names = hosts.map((h) => h.hostname);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
