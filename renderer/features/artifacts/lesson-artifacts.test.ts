import { describe, expect, it } from 'vitest';
import { usesArtifacts } from './lesson-artifacts';

const course = { artifacts: [{ id: 'etcd', title: 'etcd', hosts: ['master'], url: 'https://x/e.tgz', checksumUrl: 'https://x/S', algorithm: 'sha256' as const, dest: '/root/binaries/etcd-v{{versions.etcd}}-linux-amd64.tar.gz' }] };

describe('usesArtifacts', () => {
  it('finds a lesson whose blocks name an archive, variables and all', () => {
    expect(usesArtifacts(course, { blocks: [{ code: 'tar -xzf etcd-v{{versions.etcd}}-linux-amd64.tar.gz' }] as never })).toBe(true);
    expect(usesArtifacts(course, { blocks: [{ code: 'openssl genrsa -out ca.key 2048' }] as never })).toBe(false);
  });
});
