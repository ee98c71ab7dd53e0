// Decides whether to trust a server's host key, and asks the learner when it is new.
// Sources, in order:
//   1. an @revoked line in ~/.ssh/known_hosts naming this key → refused, always;
//   2. the app's own store (known_hosts.json): same key → trusted, other key → CHANGED;
//   3. the user's ~/.ssh/known_hosts (unless the learner replaced that key here): same key
//      → trusted, another key of the same type → CHANGED;
//   4. otherwise unknown → `hostkey:prompt` {status:'unknown'} and wait for
//      acceptHostKey(role, fingerprint) / rejectHostKey(role) / a timeout (2 min)
//      (the waiting is host-key-prompts.ts).
// A changed key is refused at once, with a `hostkey:prompt` {status:'changed'} so the UI
// can show the warning and offer "Replace key" (forgetHostKey, then connect again).
import { join } from 'node:path';
import { ApiError } from '../../../common/errors';
import type { EventBus } from '../events';
import { fingerprintOf, keyTypeLabel, keyTypeOf } from '../ssh/host-key';
import { lookupKnownHost, readKnownHostsFile } from '../ssh/openssh-known-hosts';
import { SSH_ERROR_PREFIX, SshError } from '../ssh/ssh-errors';
import { HostKeyPrompts, type KeyOffer } from './host-key-prompts';
import type { KnownHostsStore } from './known-hosts-store';

export const HOST_KEY_PROMPT_TIMEOUT_MS = 120_000;

export type HostKeyVerdict =
  | { status: 'trusted'; source: 'app'; addedAt: string }
  | { status: 'trusted'; source: 'openssh'; line: number }
  | { status: 'unknown' }
  | { status: 'changed'; source: 'app'; knownFingerprint: string; knownKeyType: string }
  | { status: 'changed'; source: 'openssh'; knownFingerprint: string; knownKeyType: string; line: number }
  | { status: 'revoked'; line: number };

export interface TrustedKeyInfo {
  keyType: string;
  fingerprint: string;
  /** How it came to be trusted: "accepted now", "saved on …", "from ~/.ssh/known_hosts". */
  how: string;
}

export class HostKeyTrust {
  private readonly prompts: HostKeyPrompts;
  /** The most recent trusted key per role's target, for the test report. */
  private readonly lastTrusted = new Map<string, TrustedKeyInfo>();
  /** Where a role last met a CHANGED key (its target or its jump host). */
  private readonly lastChanged = new Map<string, { address: string; port: number }>();

  constructor(
    private readonly store: KnownHostsStore,
    private readonly homeDir: string,
    private readonly events: EventBus,
    promptTimeoutMs = HOST_KEY_PROMPT_TIMEOUT_MS,
  ) {
    this.prompts = new HostKeyPrompts(events, promptTimeoutMs);
  }

  get openSshKnownHostsPath(): string {
    return join(this.homeDir, '.ssh', 'known_hosts');
  }

  async judge(address: string, port: number, key: Buffer): Promise<HostKeyVerdict> {
    const openssh = await readKnownHostsFile(this.openSshKnownHostsPath);
    const inOpenSsh = lookupKnownHost(openssh.entries, address, port, key);
    if (inOpenSsh.status === 'revoked') return { status: 'revoked', line: inOpenSsh.line };

    const fingerprint = fingerprintOf(key);
    const saved = await this.store.get(address, port);
    if (saved) {
      if (saved.fingerprint === fingerprint) return { status: 'trusted', source: 'app', addedAt: saved.addedAt };
      return { status: 'changed', source: 'app', knownFingerprint: saved.fingerprint, knownKeyType: saved.keyType };
    }
    if (await this.store.ignoresOpenSsh(address, port)) return { status: 'unknown' };
    if (inOpenSsh.status === 'match') return { status: 'trusted', source: 'openssh', line: inOpenSsh.line };
    if (inOpenSsh.status === 'mismatch') {
      return { status: 'changed', source: 'openssh', knownFingerprint: fingerprintOf(inOpenSsh.key), knownKeyType: keyTypeOf(inOpenSsh.key), line: inOpenSsh.line };
    }
    return { status: 'unknown' };
  }

  /** The hostVerifier's decision: resolves to trust, rejects with an SshError to refuse. */
  async verify(offer: KeyOffer, key: Buffer, signal: AbortSignal): Promise<void> {
    const keyType = keyTypeOf(key);
    const fingerprint = fingerprintOf(key);
    const verdict = await this.judge(offer.address, offer.port, key);
    switch (verdict.status) {
      case 'trusted':
        this.lastTrusted.set(offer.role, {
          keyType,
          fingerprint,
          how: verdict.source === 'app' ? `trusted since ${verdict.addedAt.slice(0, 10)}` : `listed in ${this.openSshKnownHostsPath} (line ${verdict.line})`,
        });
        return;
      case 'revoked':
        throw new SshError('hostkey-revoked', 'hostkey',
          `${SSH_ERROR_PREFIX.hostkeyRevoked}${offer.label} (${keyTypeLabel(keyType)} ${fingerprint}) is marked @revoked in ${this.openSshKnownHostsPath} (line ${verdict.line}). The connection was refused and nothing was sent.`);
      case 'changed': {
        this.lastChanged.set(offer.role, { address: offer.address, port: offer.port });
        this.events.emit('hostkey:prompt', {
          role: offer.role, address: offer.address, port: offer.port, keyType, fingerprint, status: 'changed', knownFingerprint: verdict.knownFingerprint, knownKeyType: verdict.knownKeyType,
        });
        const known = verdict.source === 'app' ? 'the key you trusted' : `the key in ${this.openSshKnownHostsPath} (line ${verdict.line})`;
        throw new SshError('hostkey-changed', 'hostkey',
          `${SSH_ERROR_PREFIX.hostkeyChanged}${offer.label} has CHANGED: it now presents ${keyTypeLabel(keyType)} ${fingerprint}, but ${known} is ${keyTypeLabel(verdict.knownKeyType)} ${verdict.knownFingerprint}. ` +
          'This can mean someone is intercepting the connection, or the VM was reinstalled or its SSH keys regenerated. The connection was refused and nothing was sent. ' +
          'If you rebuilt the VM, open Hosts, choose Test connection on this VM, then "Replace the saved key…", and compare the new fingerprint with `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` on the VM\'s console.');
      }
      case 'unknown':
        await this.prompts.ask(offer, keyType, fingerprint, signal);
        this.lastTrusted.set(offer.role, { keyType, fingerprint, how: 'accepted by you just now' });
        return;
    }
  }

  /** The learner trusts the offered key: it must be the very key offered; it is stored first. */
  async accept(role: string, fingerprint: string): Promise<void> {
    const entry = this.prompts.question(role);
    if (!entry) {
      throw new ApiError('FAILED_PRECONDITION', `No host key of ${role} is waiting for your answer (the question may have timed out). Connect again to see it.`);
    }
    if (entry.fingerprint !== fingerprint) {
      throw new ApiError('INVALID_ARGUMENT', `That is not the key ${entry.offer.label} offered (${entry.fingerprint}); nothing was trusted.`);
    }
    try {
      await this.store.set(entry.offer.address, entry.offer.port, entry.keyType, entry.fingerprint);
    } catch (err) {
      entry.settle(new SshError('hostkey-rejected', 'hostkey', `${SSH_ERROR_PREFIX.hostkeyRejected}${entry.offer.label}: the key could not be saved (${(err as Error).message}).`));
      throw err;
    }
    entry.settle();
  }

  async reject(role: string): Promise<void> {
    const entry = this.prompts.question(role);
    if (!entry) return;
    entry.settle(new SshError('hostkey-rejected', 'hostkey', `${SSH_ERROR_PREFIX.hostkeyRejected}${entry.offer.label} (${keyTypeLabel(entry.keyType)} ${entry.fingerprint}). Nothing was sent to it.`));
  }

  /** Whether a question for this role is open. */
  isWaiting(role: string): boolean {
    return this.prompts.question(role) !== undefined;
  }

  /** The endpoint whose key last showed up as changed for this role (and forgets it). */
  takeChangedEndpoint(role: string): { address: string; port: number } | undefined {
    const at = this.lastChanged.get(role);
    this.lastChanged.delete(role);
    return at;
  }

  lastTrustedKey(role: string): TrustedKeyInfo | undefined {
    return this.lastTrusted.get(role);
  }

  dispose(): void {
    this.prompts.dispose();
  }
}
