// SSH failures in words a learner can act on. Every one is an ApiError (so its code
// survives IPC and WebSocket) whose message starts with a stable phrase the UI can key on
// (SSH_ERROR_PREFIX); core code can also read `kind` and `phase` directly.
import { ApiError, type ApiErrorCode } from '../../../common/errors';

export type SshPhase = 'reach' | 'hostkey' | 'auth' | 'session';

export type SshErrorKind =
  | 'unreachable' // no answer, refused, no route, DNS, not an SSH server
  | 'hostkey-changed'
  | 'hostkey-revoked'
  | 'hostkey-rejected'
  | 'hostkey-timeout'
  | 'auth' // the server said no
  | 'credentials' // nothing to log in with: missing password, unreadable key, wrong passphrase, no agent
  | 'disconnected'
  | 'timeout'
  | 'channel'
  | 'not-root'; // logged in, but the user cannot act as root (no sudo, or sudo wants a password we lack)

/** How messages of each kind begin (the host-key ones name the host right after). */
export const SSH_ERROR_PREFIX = {
  unreachable: 'Could not reach ',
  hostkeyChanged: 'The host key of ',
  hostkeyRevoked: 'Refused: the host key of ',
  hostkeyRejected: 'Not connected: you did not trust the host key of ',
  hostkeyTimeout: 'Not connected: nobody answered the host key question for ',
  auth: 'Login failed: ',
  credentials: 'Cannot log in yet: ',
  disconnected: 'Connection lost: ',
  timeout: 'Timed out: ',
  channel: 'SSH channel failed: ',
  notRoot: 'Cannot act as root: ',
} as const;

export class SshError extends ApiError {
  constructor(
    readonly kind: SshErrorKind,
    readonly phase: SshPhase,
    message: string,
    code: ApiErrorCode = 'FAILED_PRECONDITION',
  ) {
    super(code, message);
    this.name = 'SshError';
  }
}

export function isSshError(err: unknown): err is SshError {
  return err instanceof SshError;
}

export function secondsText(ms: number): string {
  return ms % 1000 === 0 || ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** A learner-facing explanation of a socket-level error (ECONNREFUSED & co.). */
export function unreachableError(endpoint: string, port: number, err: NodeJS.ErrnoException, via?: string): SshError {
  const where = `${endpoint}:${port}${via ? ` (through the jump host ${via})` : ''}`;
  const p = SSH_ERROR_PREFIX.unreachable;
  switch (err.code) {
    case 'ECONNREFUSED':
      return new SshError('unreachable', 'reach', `${p}${where}: port ${port} refused the connection: is sshd running on the VM (systemctl status ssh)?`);
    case 'EHOSTUNREACH':
      return new SshError('unreachable', 'reach', `${p}${where}: no route to the host (EHOSTUNREACH). Check the address and that the VM is running and on the network.`);
    case 'ENETUNREACH':
      return new SshError('unreachable', 'reach', `${p}${where}: the network is unreachable from this computer (ENETUNREACH). Check your network connection and the address.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new SshError('unreachable', 'reach', `${p}${where}: the name ${endpoint} could not be resolved (${err.code}). Check the spelling, or use the VM's IP address.`);
    case 'ETIMEDOUT':
      return new SshError('unreachable', 'reach', `${p}${where}: the connection timed out (ETIMEDOUT). Check the address and that the VM is running.`);
    case 'ECONNRESET':
      return new SshError('unreachable', 'reach', `${p}${where}: the connection was reset before SSH started (ECONNRESET). A firewall may be in the way, or sshd refused this client.`);
    default:
      return new SshError('unreachable', 'reach', `${p}${where}: ${err.message}${err.code ? ` (${err.code})` : ''}.`);
  }
}
