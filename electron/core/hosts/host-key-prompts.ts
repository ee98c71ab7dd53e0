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
  private readonly open = new Map<string, OpenQuestion>();

  constructor(
    private readonly events: EventBus,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Asks about the key; resolves once it is trusted, rejects with an SshError otherwise. A
   * connection that meets the very key of the open question (a terminal reconnecting while a
   * test connection waits) waits for the same answer; another key replaces the question.
   */
  ask(offer: KeyOffer, keyType: string, fingerprint: string, signal: AbortSignal): Promise<void> {
    const current = this.open.get(offer.role);
    if (current && current.fingerprint === fingerprint && current.offer.address === offer.address && current.offer.port === offer.port) {
      return current.wait(signal);
    }
    current?.settle(new SshError('hostkey-rejected', 'hostkey', `${SSH_ERROR_PREFIX.hostkeyRejected}${offer.label}: ${HOSTKEY_QUESTION_REPLACED}.`));
    const question = new OpenQuestion(offer, keyType, fingerprint, this.timeoutMs, () => {
      if (this.open.get(offer.role) === question) this.open.delete(offer.role);
    });
    this.open.set(offer.role, question);
    const answered = question.wait(signal);
    if (this.open.get(offer.role) === question) {
      this.events.emit('hostkey:prompt', { role: offer.role, address: offer.address, port: offer.port, keyType, fingerprint, status: 'unknown' });
    }
    return answered;
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

interface Waiter {
  resolve(): void;
  reject(error: SshError): void;
  stop(): void;
}

/** One question and the connections waiting for its answer; it ends once, for all of them. */
class OpenQuestion implements HostKeyQuestion {
  private readonly waiters = new Set<Waiter>();
  private readonly timer: ReturnType<typeof setTimeout>;
  private ended = false;

  constructor(
    readonly offer: KeyOffer,
    readonly keyType: string,
    readonly fingerprint: string,
    timeoutMs: number,
    private readonly onEnd: () => void,
  ) {
    this.timer = setTimeout(() => {
      this.settle(new SshError('hostkey-timeout', 'hostkey',
        `${SSH_ERROR_PREFIX.hostkeyTimeout}${offer.label} within ${Math.round(timeoutMs / 1000)} s. Nothing was sent. Connect again to see the question.`));
    }, timeoutMs);
  }

  /** Waits for the answer; a connection that goes away stops waiting (the last one ends the question). */
  wait(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const gone = () => (signal.reason instanceof SshError ? signal.reason : new SshError('disconnected', 'hostkey', `${SSH_ERROR_PREFIX.disconnected}${this.offer.label} went away while waiting for your answer.`));
      if (signal.aborted) {
        if (this.waiters.size === 0) this.settle(gone());
        reject(gone());
        return;
      }
      const onAbort = () => {
        this.waiters.delete(waiter);
        waiter.stop();
        if (this.waiters.size === 0) this.settle(gone());
        reject(gone());
      };
      const waiter: Waiter = { resolve, reject, stop: () => signal.removeEventListener('abort', onAbort) };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
    });
  }

  settle(error?: SshError): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.timer);
    this.onEnd();
    for (const waiter of this.waiters) {
      waiter.stop();
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
    this.waiters.clear();
  }
}
