// Says plainly where a typed password goes, as core reports it (an OS-encrypted file, a file
// Electron could only obfuscate because no keyring exists, or memory only), with a warning
// for the weak case.
import { useEffect, useState } from 'react';
import type { SecretStorageInfo } from '../../../common/api';
import { useApi } from '../../app/api-context';
import { KeyIcon } from '../../ui/icons';
import { secretNoteText, secretStorageNote } from './host-report';
import { runtimeHost } from './useHostStatus';

export function SecretNote() {
  const api = useApi();
  const [info, setInfo] = useState<SecretStorageInfo | undefined>();
  useEffect(() => {
    let live = true;
    api.secretStorage().then(
      (i) => live && setInfo(i),
      () => {}, // keep the general note
    );
    return () => {
      live = false;
    };
  }, [api]);
  return (
    <p
      className={`host-secret-note${info?.level === 'weak' ? ' host-secret-note--weak' : ''}`}
      data-testid="host-secret-note"
      data-runtime={runtimeHost()}
      data-level={info?.level ?? ''}
      // A live region from the first render, so the weak-keyring warning is announced when it arrives.
      aria-live="polite"
    >
      <KeyIcon />
      <span>{info ? secretNoteText(info) : secretStorageNote(runtimeHost())}</span>
    </p>
  );
}
