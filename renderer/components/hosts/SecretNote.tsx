// Says plainly where a typed password goes.
import { secretStorageNote } from '../../lib/host-report';
import { KeyIcon } from '../icons';
import { runtimeHost } from './useHostStatus';

export function SecretNote() {
  return (
    <p className="host-secret-note" data-testid="host-secret-note" data-runtime={runtimeHost()}>
      <KeyIcon />
      <span>{secretStorageNote(runtimeHost())}</span>
    </p>
  );
}
