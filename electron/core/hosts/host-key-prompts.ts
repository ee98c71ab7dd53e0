// The host-key questions waiting for the learner, at most one per role: each goes out as a
// `hostkey:prompt` event and ends with an answer, a newer question, the timeout or the abort.
import { HOSTKEY_QUESTION_REPLACED } from '../../../common/api';
import type { EventBus } from '../events';
import { SSH_ERROR_PREFIX, SshError } from '../ssh/ssh-errors';

export interface KeyOffer {
  role: string;
  address: string;
  port: number;
  /** "kube-worker (10.77.0.11:22)" or "the jump host 10.77.0.10:22". */
  label: string;
}

/** An open question; settle() answers it: trusted without an error, refused with one. */
export interface HostKeyQuestion {
  readonly offer: KeyOffer;
  readonly keyType: string;
  readonly fingerprint: string;
  settle(error?: SshError): void;
}

export class HostKeyPrompts {
  private readonly open = new Map<string, HostKeyQuestion>();

  constructor(
    private readonly events: EventBus,
    private readonly timeoutMs: number,
  ) {}

  /** Asks about the key; resolves once it is trusted, rejects with an SshError otherwise. */
  ask(offer: KeyOffer, keyType: string, fingerprint: string, signal: AbortSignal): Promise<void> {
    this.open.get(offer.role)?.settle(new SshError('hostkey-rejected', 'hostkey', `${SSH_ERROR_PREFIX.hostkeyRejected}${offer.label}: ${HOSTKEY_QUESTION_REPLACED}.`));
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        question.settle(new SshError('hostkey-timeout', 'hostkey',
          `${SSH_ERROR_PREFIX.hostkeyTimeout}${offer.label} within ${Math.round(this.timeoutMs / 1000)} s. Nothing was sent. Connect again to see the question.`));
      }, this.timeoutMs);
      const onAbort = () => question.settle(signal.reason instanceof SshError ? signal.reason : new SshError('disconnected', 'hostkey', `${SSH_ERROR_PREFIX.disconnected}${offer.label} went away while waiting for your answer.`));
      const question: HostKeyQuestion = {
        offer,
        keyType,
        fingerprint,
        settle: (error) => {
          if (this.open.get(offer.role) === question) this.open.delete(offer.role);
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          if (error) reject(error);
          else resolve();
        },
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.open.set(offer.role, question);
      this.events.emit('hostkey:prompt', { role: offer.role, address: offer.address, port: offer.port, keyType, fingerprint, status: 'unknown' });
    });
  }

  /** The role's open question, if any. */
  question(role: string): HostKeyQuestion | undefined {
    return this.open.get(role);
  }

  /** Refuses every open question: the app is closing. */
  dispose(): void {
    for (const question of [...this.open.values()]) {
      question.settle(new SshError('disconnected', 'hostkey', `${SSH_ERROR_PREFIX.disconnected}the app is closing.`));
    }
  }
}
