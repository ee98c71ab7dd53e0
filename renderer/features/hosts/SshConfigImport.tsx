// "Import from ~/.ssh/config": lists the file's Host entries; picking one fills a role's
// form (address, port, user, key file, a simple ProxyJump). Nothing is saved until Save.
import { useState } from 'react';
import type { SshConfigHost } from '../../../common/api';
import type { CourseHost } from '../../../common/course';
import { useApi } from '../../app/api-context';
import { errorMessage } from '../../app/errors';
import { ImportIcon } from '../../ui/icons';
import { formFromSshConfig } from './host-form';
import { formValuesOf, useHostsStore } from './hosts-store';

type ListState = { phase: 'closed' } | { phase: 'loading' } | { phase: 'ready'; entries: SshConfigHost[] } | { phase: 'failed'; message: string };

function entryLine(e: SshConfigHost): string {
  return `${e.user ? `${e.user}@` : ''}${e.address}${e.port === 22 ? '' : `:${e.port}`}`;
}

export function SshConfigImport({ hosts }: { hosts: CourseHost[] }) {
  const api = useApi();
  const [list, setList] = useState<ListState>({ phase: 'closed' });
  const [result, setResult] = useState<{ text: string; warnings: string[] } | null>(null);

  const load = () => {
    setList({ phase: 'loading' });
    setResult(null);
    api.importSshConfig().then(
      (entries) => setList({ phase: 'ready', entries }),
      (err: unknown) =>
        setList({
          phase: 'failed',
          message: `Could not read ~/.ssh/config: ${errorMessage(err)}`,
        }),
    );
  };

  const use = (entry: SshConfigHost, host: CourseHost) => {
    const state = useHostsStore.getState();
    const { values, warnings } = formFromSshConfig(entry, formValuesOf(state, host.role));
    state.replaceDraft(host.role, values);
    setResult({ text: `Filled the ${host.role} form from “${entry.alias}”. Check it, then Save or Test connection.`, warnings });
    const input = document.querySelector<HTMLInputElement>(`[data-testid="host-address-${host.role}"]`);
    input?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  };

  return (
    <section className="ssh-import" aria-labelledby="ssh-import-heading" data-testid="ssh-import">
      <div className="ssh-import__bar">
        <div>
          <h2 id="ssh-import-heading" className="ssh-import__heading">
            Already use SSH with these VMs?
          </h2>
          <p className="ssh-import__hint">
            Copy a <code>Host</code> entry from your <code>~/.ssh/config</code> into a form.
          </p>
        </div>
        <button
          type="button"
          className="button"
          data-testid="ssh-import-open"
          onClick={load}
          aria-expanded={list.phase !== 'closed'}
          aria-controls="ssh-import-list"
        >
          <ImportIcon />
          {list.phase === 'closed' ? 'Import from ~/.ssh/config' : 'Read it again'}
        </button>
      </div>

      <div id="ssh-import-list">
        {list.phase === 'loading' && <p className="ssh-import__status" role="status">Reading ~/.ssh/config…</p>}
        {list.phase === 'failed' && (
          <p className="ssh-import__status ssh-import__status--error" role="alert">
            {list.message}
          </p>
        )}
        {list.phase === 'ready' && list.entries.length === 0 && (
          <p className="ssh-import__status" role="status">
            No hosts found in ~/.ssh/config.
          </p>
        )}
        {list.phase === 'ready' && list.entries.length > 0 && (
          <ul className="ssh-import__list" data-testid="ssh-import-list">
            {list.entries.map((entry) => (
              <li key={entry.alias} className="ssh-import__entry" data-testid="ssh-import-entry" data-alias={entry.alias}>
                <span className="ssh-import__alias">{entry.alias}</span>
                <span className="ssh-import__details">
                  <code>{entryLine(entry)}</code>
                  {entry.identityFile && (
                    <span>
                      key <code>{entry.identityFile}</code>
                    </span>
                  )}
                  {entry.proxyJump && (
                    <span>
                      via <code>{entry.proxyJump}</code>
                    </span>
                  )}
                </span>
                <span className="ssh-import__use">
                  {hosts.map((h) => (
                    <button
                      key={h.role}
                      type="button"
                      className="button button--small"
                      data-testid={`ssh-import-use-${h.role}`}
                      onClick={() => use(entry, h)}
                      aria-label={`Use ${entry.alias} for ${h.role}`}
                    >
                      Use for {h.role}
                    </button>
                  ))}
                </span>
              </li>
            ))}
          </ul>
        )}
        <div role="status">
          {result && (
            <div className="ssh-import__result" data-testid="ssh-import-result">
              <p>{result.text}</p>
              {result.warnings.map((w) => (
                <p key={w} className="ssh-import__warning">
                  {w}
                </p>
              ))}
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
