// The panel's markup and helpers, rendered to static HTML (no DOM needed).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ArtifactProgress, ArtifactStatus } from '../../../common/api';
import { ArtifactsPanelView, type ArtifactsPanelViewProps } from './ArtifactsPanel';
import { describeDigestSource, describeProgress, formatSize, progressKey, progressPercent, readyFor, uploadRoles } from './artifacts-view';

const artifacts: ArtifactStatus[] = [
  { id: 'kubernetes-server', title: 'Kubernetes server binaries', hosts: ['master'], url: 'https://dl.k8s.io/x', dest: '/root/binaries/kubernetes-server-linux-amd64.tar.gz', cached: false },
  { id: 'etcd', title: 'etcd and etcdctl', hosts: ['master'], url: 'https://github.com/x', dest: '/root/binaries/etcd-v3.4.23-linux-amd64.tar.gz', cached: true, size: 14_680_064 },
  { id: 'kubernetes-node', title: 'Kubernetes node binaries', hosts: ['worker'], url: 'https://dl.k8s.io/y', dest: '/root/binaries/kubernetes-node-linux-amd64.tar.gz', cached: false, problem: 'not in the folder: kubernetes-node-linux-amd64.tar.gz' },
];
const hosts = [{ role: 'master', hostname: 'kube-master' }, { role: 'worker', hostname: 'kube-worker' }];
const upload: ArtifactProgress = { artifactId: 'etcd', role: 'master', phase: 'upload', bytes: 7_340_032, total: 14_680_064 };

const render = (over: Partial<ArtifactsPanelViewProps> = {}) => renderToStaticMarkup(createElement(ArtifactsPanelView, {
  artifacts, hosts, progress: { [progressKey(upload)]: upload }, busy: null, error: null, folder: '',
  onFolderChange: () => {}, onDownloadAll: () => {}, onImport: () => {}, onUpload: () => {},
  ...over,
}));

describe('ArtifactsPanelView', () => {
  it('a mixed pair: each row names its VM\'s architecture and the digest it was checked against', () => {
    const mixed: ArtifactStatus[] = [
      { id: 'kubernetes-server', title: 'Kubernetes server binaries', hosts: ['master'], arch: 'amd64', url: 'https://dl.k8s.io/v1.24.10/kubernetes-server-linux-amd64.tar.gz', dest: '/root/binaries/kubernetes-server-linux-amd64.tar.gz', cached: true, digestSource: { kind: 'pinned', algorithm: 'sha512', version: '1.24.10' } },
      { id: 'kubernetes-node', title: 'Kubernetes node binaries', hosts: ['worker'], arch: 'arm64', url: 'https://dl.k8s.io/v1.24.10/kubernetes-node-linux-arm64.tar.gz', dest: '/root/binaries/kubernetes-node-linux-arm64.tar.gz', cached: false, digestSource: { kind: 'pinned', algorithm: 'sha512', version: '1.24.10' } },
      { id: 'crictl', title: 'crictl', hosts: ['worker'], arch: 'arm64', url: 'https://github.com/c', dest: '/root/binaries/crictl-v1.24.2-linux-arm64.tar.gz', cached: false, digestSource: { kind: 'checksum-file', algorithm: 'sha256', url: 'https://github.com/c.sha256' } },
    ];
    const html = render({ artifacts: mixed, progress: {} });
    expect(html).toContain('data-artifact="kubernetes-node" data-arch="arm64"');
    expect(html).toContain('data-artifact="kubernetes-server" data-arch="amd64"');
    expect(html).toContain('/root/binaries/kubernetes-node-linux-arm64.tar.gz');
    expect(html).toContain('for kube-worker (arm64)');
    expect(html.match(/data-testid="artifact-digest-source" data-source="pinned"/g)).toHaveLength(2);
    expect(html).toContain('Checked against the SHA-512 digest published for v1.24.10, pinned in the course (no checksum file needed).');
    expect(html).toContain('Checked against the SHA-256 checksum file https://github.com/c.sha256.');
  });

  it('says when an override sent a pinned archive back to its checksum file', () => {
    expect(describeDigestSource({ kind: 'checksum-file', algorithm: 'sha512', url: 'https://dl.k8s.io/v1.24.10-lab/k.sha512', instead: '1.24.10' }))
      .toBe('Checked against the SHA-512 checksum file https://dl.k8s.io/v1.24.10-lab/k.sha512 (the course pins the digest of v1.24.10; this is another version).');
  });

  it('lists each archive with its status, size, problem and progress; per-host upload buttons', () => {
    const html = render();
    expect(html).toContain('data-testid="artifacts-panel"');
    expect(html.match(/data-testid="artifact-row"/g)).toHaveLength(3);
    expect(html).toContain('data-artifact="etcd" data-cached="true"');
    expect(html).toContain('On this computer, verified · 14.0 MB');
    expect(html).toContain('Not yet on this computer');
    expect(html).toContain('not in the folder: kubernetes-node-linux-amd64.tar.gz');
    expect(html).toMatch(/data-testid="artifact-progress"[^>]*aria-valuenow="50"/);
    expect(html).toContain('Uploading to kube-master: 7.0 MB of 14.0 MB');
    expect(html).toMatch(/<button[^>]*data-testid="artifact-upload-master"[^>]*>Upload to kube-master<\/button>/);
    // Nothing the worker needs is here yet: its button is disabled.
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*data-testid="artifact-upload-worker"/);
    expect(html).toContain('data-testid="artifacts-folder-input"');
    expect(html).toMatch(/<button type="submit"[^>]*disabled=""[^>]*data-testid="artifacts-import"/);
    expect(html).toContain('1 of 3 archives on this computer.');
  });

  it('shows errors as an alert and busy states on the buttons', () => {
    const html = render({ error: 'kube-master: no space left on device while uploading etcd-v3.4.23-linux-amd64.tar.gz', busy: { kind: 'upload', role: 'master' }, folder: '/tmp/x' });
    expect(html).toMatch(/role="alert" data-testid="artifacts-error">kube-master: no space left on device/);
    expect(html).toContain('Uploading to kube-master…');
    expect(html).toContain('aria-busy="true"');
  });
});

describe('artifacts-view helpers', () => {
  it('formats sizes and progress', () => {
    expect(formatSize(500)).toBe('500 B');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(undefined)).toBe('');
    expect(progressPercent(upload)).toBe(50);
    expect(progressPercent({ artifactId: 'a', phase: 'download', bytes: 10 })).toBeUndefined();
    expect(progressPercent({ artifactId: 'a', phase: 'done', bytes: 0 })).toBe(100);
    expect(describeProgress({ artifactId: 'a', phase: 'failed', bytes: 0, message: 'boom' })).toBe('boom');
    expect(describeProgress({ artifactId: 'a', phase: 'download', bytes: 2048 })).toBe('Downloading: 2.0 KB');
  });

  it('orders upload roles like the course and knows what is ready', () => {
    expect(uploadRoles(artifacts, ['master', 'worker'])).toEqual(['master', 'worker']);
    expect(uploadRoles(artifacts.slice(2), ['master', 'worker'])).toEqual(['worker']);
    expect(readyFor(artifacts, 'master')).toBe(true);
    expect(readyFor(artifacts, 'worker')).toBe(false);
  });
});
