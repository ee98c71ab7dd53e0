// Host profiles, host keys and SSH connections for the course's roles.
//  - profiles: hosts.json (no secrets) + the SecretStore (passwords, passphrases);
//  - host keys: the app's known_hosts.json + the user's ~/.ssh/known_hosts (read-only),
//    decided in ssh2's async hostVerifier BEFORE any credential is sent;
//  - one shared SSH connection per role, opened on demand and reused by terminals
//    (openShell), testHost and the checks (exec).
// The pieces: host-profiles.ts (settings and secrets), host-key-trust.ts and
// host-key-prompts.ts (host keys), host-dialer.ts (one login), connection-pool.ts (the
// shared connections), host-test.ts (Test connection); this file wires them to the API.
import type { Api } from '../../../common/api';
import { type Course, type CourseHost, courseHost } from '../../../common/course';
import type { EventBus } from '../events';
import type { SecretStore } from '../secrets/secret-store';
import type { ExecOptions, ExecResult, SshConnection } from '../ssh/connection';
import { SSH_ERROR_PREFIX } from '../ssh/ssh-errors';
import type { ShellOpener, TerminalBackend, TerminalSize } from '../terminals/backend';
import { integratedShellCommand } from '../terminals/shell-integration';
import { ConnectionPool, type ConnectionState } from './connection-pool';
import { HostDialer, type DialOptions } from './host-dialer';
import { HostKeyTrust, HOST_KEY_PROMPT_TIMEOUT_MS } from './host-key-trust';
import { HostProfiles } from './host-profiles';
import { runHostTest } from './host-test';
import { KnownHostsStore } from './known-hosts-store';
import { ProfileStore, type StoredProfile } from './profile-store';
import { importSshConfig } from './ssh-config-import';

export type HostOps = Pick<Api, 'listHosts' | 'saveHost' | 'deleteHost' | 'importSshConfig' | 'testHost' | 'acceptHostKey' | 'rejectHostKey' | 'forgetHostKey'>;

export interface HostServiceDeps {
  dataDir: string;
  homeDir: string;
  secrets: SecretStore;
  events: EventBus;
  course: Course;
  /** Tells the learner something (a corrupt hosts file moved aside); a `notice` event by default. */
  notice?: (message: string) => void;
  /** Tuning, mainly for tests. */
  options?: DialOptions & {
    /** How long a host key question waits for the learner (default 2 min). */
    hostKeyPromptTimeoutMs?: number;
  };
}

export interface HostService extends HostOps, ShellOpener {
  /** Runs one command on the role's shared connection, on its own exec channel (for checks). */
  exec(role: string, command: string, options?: ExecOptions): Promise<ExecResult>;
  /** The state of the role's shared connection (no I/O). */
  connectionState(role: string): ConnectionState;
  /** Connects now if needed (prompting for the host key); resolves when logged in. */
  connect(role: string): Promise<void>;
  /** The role's shared, logged-in connection (connecting on demand): exec, client.forwardOut, onClose. */
  connection(role: string): Promise<SshConnection>;
  /** Closes the role's connection; its open shells get onExit(null, reason). */
  disconnect(role: string, reason?: string): void;
  dispose(): Promise<void>;
}

export type { ConnectionState, ExecOptions, ExecResult, SshConnection };

export function createHostService(deps: HostServiceDeps): HostService {
  const { course, events } = deps;
  const opts = deps.options ?? {};
  const notice = deps.notice ?? ((message: string) => events.emit('notice', { level: 'warning', message }));
  const knownHosts = new KnownHostsStore(deps.dataDir, notice);
  const profiles = new HostProfiles(course, new ProfileStore(deps.dataDir, notice), knownHosts, deps.secrets);
  const trust = new HostKeyTrust(knownHosts, deps.homeDir, events, opts.hostKeyPromptTimeoutMs ?? HOST_KEY_PROMPT_TIMEOUT_MS);
  const dialer = new HostDialer({ homeDir: deps.homeDir, profiles, trust, options: opts });

  const hostOf = (role: string): CourseHost => courseHost(course, role);

  const profileFor = (role: string): Promise<StoredProfile> => profiles.require(hostOf(role));

  /** A new connection with the role's current settings, not shared with anyone. */
  const dial = async (role: string): Promise<SshConnection> => {
    const host = hostOf(role);
    const profile = await profileFor(role);
    const generation = pool.generation(role);
    return dialer.dial(host, profile, () => pool.isCurrent(role, generation));
  };
  const pool = new ConnectionPool(dial);

  const changed = async () => {
    events.emit('hosts:changed', await profiles.list());
  };

  const connection = (role: string): Promise<SshConnection> => {
    hostOf(role);
    return pool.get(role);
  };

  const disconnect = (role: string, reason?: string) => pool.disconnect(role, reason);

  return {
    listHosts: () => profiles.list(),
    async saveHost(input) {
      const host = hostOf(input.role);
      const { stored, changed: settingsChanged } = await profiles.save(host, input);
      if (settingsChanged) disconnect(stored.role, `${SSH_ERROR_PREFIX.disconnected}the settings of ${host.hostname} changed; reconnect to use them.`);
      await changed();
      return profiles.summary(stored);
    },
    async deleteHost(role) {
      const host = hostOf(role);
      disconnect(role, `${SSH_ERROR_PREFIX.disconnected}the settings of ${host.hostname} were removed.`);
      await profiles.remove(role);
      await changed();
    },
    importSshConfig: () => importSshConfig(deps.homeDir),
    async testHost(role) {
      const host = hostOf(role);
      const profile = await profileFor(role);
      const report = await runHostTest(host, profile, { dial: () => dial(role), trustedKey: () => trust.lastTrustedKey(role) });
      // The architecture becomes {{role.arch}}: the archives, URLs and paths of that VM's lessons.
      if (report.facts && (await profiles.setArch(role, report.facts.arch))) await changed();
      return report;
    },
    async acceptHostKey(role, fingerprint) {
      hostOf(role);
      await trust.accept(role, fingerprint);
      await changed();
    },
    async rejectHostKey(role) {
      hostOf(role);
      await trust.reject(role);
    },
    async forgetHostKey(role) {
      const profile = await profileFor(role);
      await knownHosts.forget(profile.address, profile.port);
      // If the key that changed was the jump host's, forget that one too.
      const changedAt = trust.takeChangedEndpoint(role);
      if (changedAt) await knownHosts.forget(changedAt.address, changedAt.port);
      disconnect(role, `${SSH_ERROR_PREFIX.disconnected}the host key of ${hostOf(role).hostname} was forgotten; reconnect to check the new one.`);
      await changed();
    },
    async openShell(role: string, size: TerminalSize): Promise<TerminalBackend> {
      const conn = await connection(role);
      return conn.shell(size, integratedShellCommand());
    },
    async exec(role, command, options) {
      const conn = await connection(role);
      return conn.exec(command, options);
    },
    connectionState: (role) => pool.state(role),
    async connect(role) {
      await connection(role);
    },
    connection,
    disconnect,
    async dispose() {
      trust.dispose();
      await pool.dispose(`${SSH_ERROR_PREFIX.disconnected}the app is closing.`);
    },
  };
}
