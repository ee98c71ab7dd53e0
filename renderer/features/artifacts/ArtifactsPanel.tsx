// Offline release archives: what the course needs, whether each is on this computer
// (verified), and buttons to download them, take them from a folder, or upload them to a
// VM. Progress comes as `artifact:progress` events; everything goes through the contract.
import { useCallback, useEffect, useState } from 'react';
import type { ArtifactProgress, ArtifactStatus } from '../../../common/api';
import { useApi } from '../../app/api-context';
import { describeDigestSource, describeProgress, formatSize, progressKey, progressPercent, readyFor, uploadRoles } from './artifacts-view';

type Busy = { kind: 'download' } | { kind: 'import' } | { kind: 'upload'; role: string } | null;

export interface ArtifactsPanelViewProps {
  artifacts: ArtifactStatus[] | null;
  hosts: { role: string; hostname: string }[];
  progress: Record<string, ArtifactProgress>;
  busy: Busy;
  error: string | null;
  folder: string;
  onFolderChange(value: string): void;
  onDownloadAll(): void;
  onImport(): void;
  onUpload(role: string): void;
}

function ProgressBar({ p, hostname }: { p: ArtifactProgress; hostname: (role: string) => string }) {
  const pct = progressPercent(p);
  const label = describeProgress(p, hostname);
  return (
    <div className={`artifact-progress artifact-progress--${p.phase}`}>
      <div
        className="artifact-progress__track"
        role="progressbar"
        data-testid="artifact-progress"
        data-phase={p.phase}
        data-role={p.role ?? 'local'}
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(pct !== undefined ? { 'aria-valuenow': pct } : {})}
      >
        <div className={pct === undefined ? 'artifact-progress__fill artifact-progress__fill--unknown' : 'artifact-progress__fill'} style={pct !== undefined ? { width: `${pct}%` } : undefined} />
      </div>
      <span className="artifact-progress__text" role={p.phase === 'failed' ? 'alert' : undefined}>
        {label}
      </span>
    </div>
  );
}

/** The panel's markup from plain props (rendered by ArtifactsPanel, testable without a client). */
export function ArtifactsPanelView(props: ArtifactsPanelViewProps) {
  const { artifacts, hosts, progress, busy, error, folder } = props;
  const hostname = (role: string) => hosts.find((h) => h.role === role)?.hostname ?? role;
  const roles = artifacts ? uploadRoles(artifacts, hosts.map((h) => h.role)) : [];
  const working = busy !== null;
  const cachedCount = artifacts?.filter((a) => a.cached).length ?? 0;

  return (
    <section className="artifacts" data-testid="artifacts-panel" aria-labelledby="artifacts-heading" aria-busy={working}>
      <header className="artifacts__header">
        <h2 id="artifacts-heading" className="artifacts__heading">Release archives for VMs without internet</h2>
        <p className="artifacts__intro">
          The app fetches the archives on this computer, checks them against their published checksums and uploads them to
          /root/binaries on the VM that needs them. The lesson then finds them there and skips its own download.
        </p>
      </header>

      {error && (
        <p className="artifacts__error" role="alert" data-testid="artifacts-error">
          {error}
        </p>
      )}

      {artifacts === null ? (
        <p className="artifacts__loading">Loading…</p>
      ) : (
        <ul className="artifacts__list" aria-label="Archives">
          {artifacts.map((a) => {
            const bars = Object.values(progress).filter((p) => p.artifactId === a.id);
            return (
              <li
                key={`${a.id}:${a.arch ?? ''}:${a.hosts.join(',')}`}
                className={a.cached ? 'artifact-row artifact-row--cached' : 'artifact-row'}
                data-testid="artifact-row"
                data-artifact={a.id}
                data-arch={a.arch}
                data-cached={a.cached}
              >
                <div className="artifact-row__main">
                  <span className={a.cached ? 'artifact-row__status artifact-row__status--cached' : 'artifact-row__status'} aria-hidden="true">
                    {a.cached ? '✓' : '○'}
                  </span>
                  <div className="artifact-row__what">
                    <span className="artifact-row__title">{a.title}</span>
                    <code className="artifact-row__file" title={a.url}>
                      {a.dest}
                    </code>
                  </div>
                  <span className="artifact-row__state">
                    {a.cached ? `On this computer, verified${a.size !== undefined ? ` · ${formatSize(a.size)}` : ''}` : 'Not yet on this computer'}
                  </span>
                  <span className="artifact-row__hosts">
                    for {a.hosts.map(hostname).join(', ')}
                    {a.arch ? ` (${a.arch})` : ''}
                  </span>
                </div>
                {a.digestSource && (
                  <p className="artifact-row__digest" data-testid="artifact-digest-source" data-source={a.digestSource.kind}>
                    {describeDigestSource(a.digestSource)}
                  </p>
                )}
                {a.problem && <p className="artifact-row__problem">{a.problem}</p>}
                {bars.map((p) => (
                  <ProgressBar key={progressKey(p)} p={p} hostname={hostname} />
                ))}
              </li>
            );
          })}
        </ul>
      )}

      <div className="artifacts__actions">
        <button type="button" className="button button--primary" onClick={props.onDownloadAll} aria-disabled={working} disabled={working} data-testid="artifacts-download">
          {busy?.kind === 'download' ? 'Downloading…' : 'Download all'}
        </button>
        {roles.map((role) => {
          const ready = artifacts ? readyFor(artifacts, role) : false;
          return (
            <button
              key={role}
              type="button"
              className="button"
              onClick={() => props.onUpload(role)}
              disabled={working || !ready}
              aria-disabled={working || !ready}
              title={ready ? undefined : `Nothing ${hostname(role)} needs is on this computer yet`}
              data-testid={`artifact-upload-${role}`}
            >
              {busy?.kind === 'upload' && busy.role === role ? `Uploading to ${hostname(role)}…` : `Upload to ${hostname(role)}`}
            </button>
          );
        })}
      </div>

      <form
        className="artifacts__folder"
        onSubmit={(e) => {
          e.preventDefault();
          props.onImport();
        }}
      >
        <label htmlFor="artifacts-folder" className="artifacts__folder-label">
          Use a folder… <span className="artifacts__folder-hint">(archives you downloaded yourself, with their .sha256/.sha512 or SHA256SUMS files)</span>
        </label>
        <div className="artifacts__folder-row">
          <input
            id="artifacts-folder"
            className="artifacts__folder-input"
            type="text"
            value={folder}
            placeholder="/home/you/Downloads/k8s-archives"
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => props.onFolderChange(e.target.value)}
            data-testid="artifacts-folder-input"
          />
          <button type="submit" className="button" disabled={working || folder.trim() === ''} aria-disabled={working || folder.trim() === ''} data-testid="artifacts-import">
            {busy?.kind === 'import' ? 'Checking…' : 'Use this folder'}
          </button>
        </div>
      </form>
      <p className="artifacts__summary" aria-live="polite">
        {artifacts ? `${cachedCount} of ${artifacts.length} archives on this computer.` : ''}
      </p>
    </section>
  );
}

export function ArtifactsPanel() {
  const api = useApi();
  const [artifacts, setArtifacts] = useState<ArtifactStatus[] | null>(null);
  const [hosts, setHosts] = useState<{ role: string; hostname: string }[]>([]);
  const [progress, setProgress] = useState<Record<string, ArtifactProgress>>({});
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<string | null>(null);
  const [folder, setFolder] = useState('');

  const refresh = useCallback(async () => {
    try {
      setArtifacts(await api.listArtifacts());
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, [api]);

  useEffect(() => {
    void refresh();
    api.getCourse().then(
      (view) => setHosts(view.course.hosts.map((h) => ({ role: h.role, hostname: h.hostname }))),
      () => undefined,
    );
    return api.on('artifact:progress', (p) => {
      setProgress((prev) => ({ ...prev, [progressKey(p)]: p }));
    });
  }, [api, refresh]);

  const run = async (b: NonNullable<Busy>, work: () => Promise<ArtifactStatus[] | void>) => {
    setBusy(b);
    setError(null);
    try {
      const result = await work();
      if (result) setArtifacts(result);
      else await refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      await refresh();
    } finally {
      setBusy(null);
    }
  };

  return (
    <ArtifactsPanelView
      artifacts={artifacts}
      hosts={hosts}
      progress={progress}
      busy={busy}
      error={error}
      folder={folder}
      onFolderChange={setFolder}
      onDownloadAll={() => void run({ kind: 'download' }, () => api.downloadArtifacts())}
      onImport={() => void run({ kind: 'import' }, () => api.importArtifacts(folder.trim()))}
      onUpload={(role) => void run({ kind: 'upload', role }, () => api.uploadArtifacts(role))}
    />
  );
}
