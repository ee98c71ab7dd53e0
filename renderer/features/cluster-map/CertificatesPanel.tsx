// Every certificate on the VMs with its expiry, read by the app's own parser on request
// (it asks both VMs): what the "Certificates expire" lesson renews, at a glance.
import { useState } from 'react';
import type { CertificateExpiry } from '../../../common/api';
import { useApi } from '../../app/api-context';
import { errorMessage } from '../../app/errors';
import { describeDaysLeft, rowTone, summarize } from './certificate-rows';

type State = { status: 'idle' | 'loading' } | { status: 'done'; rows: CertificateExpiry[] } | { status: 'failed'; error: string };

export function CertificatesPanel() {
  const api = useApi();
  const [state, setState] = useState<State>({ status: 'idle' });
  const read = () => {
    setState({ status: 'loading' });
    api.listCertificates().then(
      (rows) => setState({ status: 'done', rows }),
      (err: unknown) => setState({ status: 'failed', error: errorMessage(err) }),
    );
  };
  return (
    <section className="cluster-view__certs" aria-labelledby="certs-heading" data-testid="certificates-panel">
      <h2 id="certs-heading" className="cluster-view__causes-title">
        Certificates
      </h2>
      <p className="cluster-view__certs-intro">
        Every certificate in the course's certificate folder on each connected VM, with how long it has left, soonest first. The course's leaf certificates
        last 365 days; the lesson "Certificates expire" renews one.
      </p>
      <button type="button" className="button button--small" data-testid="certificates-read" onClick={read} disabled={state.status === 'loading'}>
        {state.status === 'loading' ? 'Reading…' : state.status === 'done' ? 'Read again' : 'Read the expiry dates'}
      </button>
      {state.status === 'failed' && (
        <p className="cluster-view__certs-error" role="alert">
          {state.error}
        </p>
      )}
      {state.status === 'done' && <CertificatesTable rows={state.rows} />}
    </section>
  );
}

export function CertificatesTable({ rows }: { rows: CertificateExpiry[] }) {
  return (
    <>
      <p className="cluster-view__certs-summary" role="status" data-testid="certificates-summary">
        {summarize(rows)}
      </p>
      {rows.length > 0 && (
        <table className="cluster-view__certs-table" data-testid="certificates-table">
          <thead>
            <tr>
              <th scope="col">Machine</th>
              <th scope="col">File</th>
              <th scope="col">Subject</th>
              <th scope="col">Expires</th>
              <th scope="col">Left</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={`${r.role}:${r.path ?? i}`} data-testid="certificate-row" data-tone={rowTone(r)} data-path={r.path ?? ''} data-role={r.role}>
                <td>{r.hostname}</td>
                <td>
                  <code>{r.path ?? '—'}</code>
                </td>
                {r.problem !== undefined ? (
                  <td colSpan={3}>{r.problem}</td>
                ) : (
                  <>
                    <td>{r.subject}</td>
                    <td>{r.notAfter?.slice(0, 10)}</td>
                    <td>{describeDaysLeft(r.daysLeft ?? 0)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
