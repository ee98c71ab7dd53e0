import { describe, expect, it } from 'vitest';
import { usesArtifacts } from './lesson-artifacts';

const course = { artifacts: [{ id: 'etcd', title: 'etcd', hosts: ['master'], url: 'https://x/e.tgz', checksumUrl: 'https://x/S', algorithm: 'sha256' as const, dest: '/root/binaries/etcd-v{{versions.etcd}}-linux-amd64.tar.gz' }] };

describe('usesArtifacts', () => {
  it('finds a lesson whose blocks name an archive, variables and all', () => {
    expect(usesArtifacts(course, { blocks: [{ code: 'tar -xzf etcd-v{{versions.etcd}}-linux-amd64.tar.gz' }] as never })).toBe(true);
    expect(usesArtifacts(course, { blocks: [{ code: 'openssl genrsa -out ca.key 2048' }] as never })).toBe(false);
  });

  it("finds an archive named per VM architecture: course.yaml's {{arch}} is the lesson's {{ROLE.arch}}", () => {
    const perArch = { artifacts: [{ ...course.artifacts[0]!, dest: '/root/binaries/kubernetes-node-linux-{{arch}}.tar.gz' }] };
    expect(usesArtifacts(perArch, { blocks: [{ code: 'sha512sum -c kubernetes-node-linux-{{worker.arch}}.tar.gz.sha512' }] as never })).toBe(true);
    expect(usesArtifacts(perArch, { blocks: [{ code: 'tar -xzf kubernetes-node-linux-{{ worker.arch }}.tar.gz' }] as never })).toBe(true);
    expect(usesArtifacts(perArch, { blocks: [{ code: 'tar -xzf kubernetes-server-linux-{{master.arch}}.tar.gz' }] as never })).toBe(false);
  });
});
