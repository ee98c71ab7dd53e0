// Shared by the artifact tests: a course with the real artifacts' shapes, a resolver
// that works like block-service's (course versions + settings overrides), and an event log.
import type { ApiEvents, ArtifactProgress } from '../../../common/api';
import type { Artifact, Course } from '../../../common/course';
import { ApiError } from '../../../common/errors';
import { resolveVariables, variableValues } from '../../../common/variables';
import type { EventBus } from '../events';

export type TestCourse = Pick<Course, 'artifacts' | 'hosts' | 'versions' | 'variables'>;

export function testCourse(base = 'https://example.invalid', artifacts?: Artifact[]): TestCourse {
  return {
    versions: { etcd: '3.5.4', kubernetes: '1.24.10' },
    variables: {},
    hosts: [
      { role: 'master', hostname: 'kube-master', minimum: { memoryMiB: 1024, cpus: 1 } },
      { role: 'worker', hostname: 'kube-worker', minimum: { memoryMiB: 1024, cpus: 1 } },
    ],
    artifacts: artifacts ?? [
      {
        id: 'etcd', title: 'etcd and etcdctl', hosts: ['master'],
        url: `${base}/v{{versions.etcd}}/etcd-v{{versions.etcd}}-linux-amd64.tar.gz`,
        checksumUrl: `${base}/v{{versions.etcd}}/SHA256SUMS`,
        algorithm: 'sha256',
        dest: '/root/binaries/etcd-v{{versions.etcd}}-linux-amd64.tar.gz',
      },
      {
        id: 'kubernetes-node', title: 'Kubernetes node binaries', hosts: ['worker'],
        url: `${base}/v{{versions.kubernetes}}/kubernetes-node-linux-amd64.tar.gz`,
        checksumUrl: `${base}/v{{versions.kubernetes}}/kubernetes-node-linux-amd64.tar.gz.sha512`,
        algorithm: 'sha512',
        dest: '/root/binaries/kubernetes-node-linux-amd64.tar.gz',
      },
    ],
  };
}

/** Like block-service's resolve(): throws FAILED_PRECONDITION naming the missing variables. */
export function testResolver(course: TestCourse, overrides: () => Record<string, string> = () => ({})) {
  return async (text: string, what: string): Promise<string> => {
    const r = resolveVariables(text, variableValues(course, [], overrides()));
    if (r.text === undefined) throw new ApiError('FAILED_PRECONDITION', `${what} cannot run yet: ${r.missing.map((m) => `{{${m.name}}} ${m.problem}`).join('; ')}.`);
    return r.text;
  };
}

export function eventLog() {
  const all: Array<{ name: string; payload: unknown }> = [];
  const events: Pick<EventBus, 'emit'> = {
    emit<E extends keyof ApiEvents>(name: E, payload: ApiEvents[E]) {
      all.push({ name, payload });
    },
  };
  const progress = (id?: string) => all.filter((e) => e.name === 'artifact:progress').map((e) => e.payload as ArtifactProgress).filter((p) => !id || p.artifactId === id);
  const notices = () => all.filter((e) => e.name === 'notice').map((e) => (e.payload as { message: string }).message);
  return { events, all, progress, notices };
}
