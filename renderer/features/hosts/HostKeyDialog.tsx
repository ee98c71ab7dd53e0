// Core's host-key questions, one at a time, as a modal: trust a first-seen key after
// comparing its fingerprint, or, for a key that changed, a red warning whose only way
// forward is a deliberate "Replace the saved key…" that forgets the old key and tests again.
import { useEffect, useId, useRef, useState } from 'react';
import { useApi } from '../../app/api-context';
import { errorMessage } from '../../app/errors';
import { reportFailure } from '../../app/notices-store';
import { Modal } from '../../ui/Modal';
import { KeyIcon, ShieldAlertIcon } from '../../ui/icons';
import { useCourseStore } from '../lessons/course-store';
import { hostKeyFile } from './host-report';
import { type HostKeyPrompt, runHostTest, useHostsStore } from './hosts-store';

export function HostKeyDialog() {
  const prompt = useHostsStore((s) => s.prompts[0]);
  if (!prompt) return null;
  return <PromptDialog key={`${prompt.role} ${prompt.status} ${prompt.fingerprint}`} prompt={prompt} />;
}

function PromptDialog({ prompt }: { prompt: HostKeyPrompt }) {
  const api = useApi();
  const uid = useId();
  const hostname = useCourseStore((s) => s.course?.hosts.find((h) => h.role === prompt.role)?.hostname) ?? prompt.role;
  const dropPrompt = useHostsStore((s) => s.dropPrompt);
  const firstRef = useRef<HTMLButtonElement>(null);
  const confirmInputRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [replacing, setReplacing] = useState(false);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState('');
  const changed = prompt.status === 'changed';
  const endpoint = `${prompt.address}:${prompt.port}`;
  const confirmed = [hostname, prompt.address].includes(typed.trim());

  useEffect(() => {
    if (replacing) confirmInputRef.current?.focus();
  }, [replacing]);

  const reject = () => {
    if (busy) return;
    dropPrompt(prompt.role);
    api.rejectHostKey(prompt.role).catch((err: unknown) => {
      // A changed-key connection has usually ended already; there is nothing left to refuse.
      if (!changed) reportFailure('Could not cancel the connection', err);
    });
  };

  const accept = () => {
    if (busy) return;
    setBusy(true);
    api.acceptHostKey(prompt.role, prompt.fingerprint).then(
      () => dropPrompt(prompt.role),
      (err: unknown) => {
        dropPrompt(prompt.role);
        reportFailure(`Could not trust the key of ${hostname}`, err);
      },
    );
  };

  const replace = async () => {
    if (busy || !confirmed) return;
    setBusy(true);
    setError('');
    await api.rejectHostKey(prompt.role).catch(() => undefined);
    try {
      await api.forgetHostKey(prompt.role);
    } catch (err) {
      setError(`Could not forget the saved key: ${errorMessage(err)}`);
      setBusy(false);
      return;
    }
    if (prompt.knownFingerprint) useHostsStore.getState().keyForgotten(prompt.role, prompt.knownFingerprint);
    dropPrompt(prompt.role);
    // The next connection sees no saved key and asks again, as for a new VM.
    void runHostTest(api, prompt.role);
  };

  const command = `ssh-keygen -lf ${hostKeyFile(prompt.keyType)}`;

  return (
    <Modal
      className={changed ? 'modal hostkey hostkey--changed' : 'modal hostkey'}
      labelledBy={`${uid}-title`}
      aria-describedby={`${uid}-desc`}
      initialFocus={firstRef}
      onCancel={reject}
      data-testid="hostkey-dialog"
      data-status={prompt.status}
      data-role={prompt.role}
    >
      {changed ? (
        <>
          <h2 id={`${uid}-title`} className="hostkey__title">
            <ShieldAlertIcon className="hostkey__title-icon" />
            Warning: the host key of {hostname} has changed
          </h2>
          <div id={`${uid}-desc`}>
            <p>
              The machine answering at <code>{endpoint}</code> presented a different key from the one you trusted before. The app stopped before
              sending any password.
            </p>
            <dl className="hostkey__compare">
              <dt>Saved key</dt>
              <dd>
                {prompt.knownKeyType && <span className="hostkey__type">{prompt.knownKeyType}</span>}{' '}
                <code className="hostkey__fp" data-testid="hostkey-known-fingerprint">
                  {prompt.knownFingerprint ?? 'unknown'}
                </code>
              </dd>
              <dt>New key</dt>
              <dd>
                <span className="hostkey__type">{prompt.keyType}</span>{' '}
                <code className="hostkey__fp" data-testid="hostkey-fingerprint">
                  {prompt.fingerprint}
                </code>
              </dd>
            </dl>
            <p className="hostkey__meaning">This can mean one of two things:</p>
            <ul className="hostkey__reasons">
              <li>
                <strong>Someone is intercepting the connection</strong> (a “man-in-the-middle”) and could read your password. Do not connect.
              </li>
              <li>
                <strong>The VM was rebuilt</strong>, reinstalled or had its SSH keys regenerated. Then the new key is expected.
              </li>
            </ul>
            <p>
              Only if you know the VM changed: run <code>{command}</code> on the VM’s own console and check that it prints the new key above.
            </p>
          </div>
        </>
      ) : (
        <>
          <h2 id={`${uid}-title`} className="hostkey__title">
            <KeyIcon />
            Is this really {hostname}?
          </h2>
          <div id={`${uid}-desc`}>
            <p>
              First connection to {hostname} (<code>{endpoint}</code>). The VM presented this key:
            </p>
            <p className="hostkey__key">
              <span className="hostkey__type">{prompt.keyType}</span>
              <code className="hostkey__fp" data-testid="hostkey-fingerprint">
                {prompt.fingerprint}
              </code>
            </p>
            <p>
              Compare it with the VM’s own: run <code>{command}</code> on the VM’s console. If both show the same fingerprint, trust it. If they
              differ, cancel: something else is answering in the VM’s place.
            </p>
          </div>
        </>
      )}

      {error && (
        <p className="hostkey__error" role="alert">
          {error}
        </p>
      )}

      {changed && replacing && (
        <div className="hostkey__confirm">
          <label htmlFor={`${uid}-confirm`}>
            To forget the saved key, type <strong>{hostname}</strong>:
          </label>
          <input
            ref={confirmInputRef}
            id={`${uid}-confirm`}
            className="host-input"
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void replace();
              }
            }}
            data-testid="hostkey-replace-input"
          />
        </div>
      )}

      <div className="hostkey__actions">
        <button ref={firstRef} type="button" className="button" data-testid="hostkey-reject" onClick={reject}>
          {changed ? 'Cancel, keep the saved key' : 'Cancel'}
        </button>
        {!changed && (
          <button type="button" className="button button--primary" data-testid="hostkey-accept" onClick={accept} aria-disabled={busy ? true : undefined}>
            Trust and connect
          </button>
        )}
        {changed && !replacing && (
          <button type="button" className="button button--danger-outline" data-testid="hostkey-replace" onClick={() => setReplacing(true)}>
            Replace the saved key…
          </button>
        )}
        {changed && replacing && (
          <button
            type="button"
            className="button button--danger"
            data-testid="hostkey-replace-confirm"
            onClick={() => void replace()}
            aria-disabled={!confirmed || busy ? true : undefined}
          >
            {busy ? 'Forgetting…' : 'Forget the old key and test again'}
          </button>
        )}
      </div>
    </Modal>
  );
}
