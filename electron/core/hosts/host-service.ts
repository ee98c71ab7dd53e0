// Host profiles, host keys and SSH connections for the course's roles.
//  - profiles: hosts.json (no secrets) + the SecretStore (passwords, passphrases);
//  - host keys: the app's known_hosts.json + the user's ~/.ssh/known_hosts (read-only),
//    decided in ssh2's async hostVerifier BEFORE any credential is sent;
//  - one shared SSH connection per role, opened on demand and reused by terminals
//    (openShell), testHost and the checks (exec).
import type { Api, HostProfile, HostSummary, HostTestReport } from '../../../common/api';
import { HostProfileSchema } from '../../../common/api';
import type { Course, CourseHost } from '../../../common/course';
import { ApiError } from '../../../common/errors';
import type { EventBus } from '../events';
import type { SecretStore } from '../secrets/secret-store';
import { hostSecretKey } from '../secrets/secret-keys';
import { buildAuthPlan, type AuthSpec } from '../ssh/auth';
import { openConnection, type ExecOptions, type ExecResult, type SshConnection } from '../ssh/connection';
import { keyTypeLabel } from '../ssh/host-key';
import { SSH_ERROR_PREFIX, SshError, isSshError } from '../ssh/ssh-errors';
import { integratedShellCommand } from '../terminals/shell-integration';
import type { ShellOpener, TerminalBackend, TerminalSize } from '../terminals/backend';
import { HostKeyTrust, HOST_KEY_PROMPT_TIMEOUT_MS } from './host-key-trust';
import { FACTS_COMMAND, connectFailureSteps, factSteps, parseFacts, reportOf, skipped, step } from './host-test';
import { KnownHostsStore } from './known-hosts-store';
import { ProfileStore, withoutSecrets, type StoredProfile } from './profile-store';
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
  options?: {
    /** Per hop: TCP connect + SSH banner + key exchange (default 10 s). */
    reachTimeoutMs?: number;
    /** Per hop: from the trusted key to a finished login (default 15 s). */
    authTimeoutMs?: number;
    /** How long a host key question waits for the learner (default 2 min). */
    hostKeyPromptTimeoutMs?: number;
    keepaliveIntervalMs?: number;
    keepaliveCountMax?: number;
    /** Environment for SSH_AUTH_SOCK (default process.env). */
    env?: NodeJS.ProcessEnv;
    /** Diagnostics: the local TCP port of each direct connection attempt. */
    onSocketConnected?: (role: string, address: string, localPort: number) => void;
  };
}

export type ConnectionState = 'disconnected' | 'connecting' | 'connected';

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

export type { ExecOptions, ExecResult, SshConnection };

export function createHostService(deps: HostServiceDeps): HostService {
  const { course, events, secrets } = deps;
  const opts = deps.options ?? {};
  const notice = deps.notice ?? ((message: string) => events.emit('notice', { level: 'warning', message }));
  const profiles = new ProfileStore(deps.dataDir, notice);
  const knownHosts = new KnownHostsStore(deps.dataDir, notice);
  const trust = new HostKeyTrust(knownHosts, deps.homeDir, events, opts.hostKeyPromptTimeoutMs ?? HOST_KEY_PROMPT_TIMEOUT_MS);

  const connections = new Map<string, SshConnection>();
  const connecting = new Map<string, Promise<SshConnection>>();
  /** Bumped whenever a role's settings change, so a connect that started before is not cached. */
  const generation = new Map<string, number>();
  let disposed = false;

  const courseHost = (role: string): CourseHost => {
    const host = course.hosts.find((h) => h.role === role);
    if (!host) {
      throw new ApiError('NOT_FOUND', `There is no host "${role}" in this course (its hosts are: ${course.hosts.map((h) => h.role).join(', ')}).`);
    }
    return host;
  };

  const profileFor = async (role: string): Promise<StoredProfile> => {
    const host = courseHost(role);
    const profile = await profiles.get(role);
    if (!profile) {
      throw new ApiError('FAILED_PRECONDITION', `${host.hostname} has no connection settings yet: enter its address and login in Hosts.`);
    }
    return profile;
  };

  const hasSecret = async (p: StoredProfile): Promise<boolean> => {
    if (p.auth.method === 'agent') return false;
    return (await secrets.get(hostSecretKey(p.role, p.auth.method === 'password' ? 'password' : 'passphrase'))) !== undefined;
  };

  const summary = async (p: StoredProfile): Promise<HostSummary> => {
    const key = await knownHosts.get(p.address, p.port);
    return {
      role: p.role,
      address: p.address,
      ...(p.privateIp ? { privateIp: p.privateIp } : {}),
      port: p.port,
      user: p.user,
      auth: p.auth.method,
      ...(p.auth.method === 'key' ? { privateKeyPath: p.auth.privateKeyPath } : {}),
      hasSecret: await hasSecret(p),
      ...(p.jump ? { jump: p.jump } : {}),
      ...(key ? { hostKey: { keyType: key.keyType, fingerprint: key.fingerprint } } : {}),
    };
  };

  const listHosts = async (): Promise<HostSummary[]> => {
    const all = await profiles.all();
    const order = course.hosts.map((h) => h.role);
    const known = all.filter((p) => order.includes(p.role)).sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
    return Promise.all(known.map(summary));
  };

  const changed = async () => {
    events.emit('hosts:changed', await listHosts());
  };

  const bump = (role: string) => generation.set(role, (generation.get(role) ?? 0) + 1);

  const disconnect = (role: string, reason?: string) => {
    bump(role);
    const conn = connections.get(role);
    connections.delete(role);
    conn?.close(reason);
  };

  const authSpecFor = async (p: StoredProfile): Promise<AuthSpec> => {
    switch (p.auth.method) {
      case 'password': {
        const password = await secrets.get(hostSecretKey(p.role, 'password'));
        return password === undefined ? { method: 'password' } : { method: 'password', password };
      }
      case 'key': {
        const passphrase = await secrets.get(hostSecretKey(p.role, 'passphrase'));
        return passphrase === undefined ? { method: 'key', privateKeyPath: p.auth.privateKeyPath } : { method: 'key', privateKeyPath: p.auth.privateKeyPath, passphrase };
      }
      case 'agent':
        return { method: 'agent' };
    }
  };

  /** A new connection with the role's current settings, not shared with anyone. */
  const dial = async (role: string): Promise<SshConnection> => {
    const host = courseHost(role);
    const profile = await profileFor(role);
    const gen = generation.get(role) ?? 0;
    const plan = await buildAuthPlan(await authSpecFor(profile), { homeDir: deps.homeDir, hostLabel: host.hostname, ...(opts.env ? { env: opts.env } : {}) });
    const conn = await openConnection({
      target: { address: profile.address, port: profile.port, user: profile.user },
      ...(profile.jump ? { jump: profile.jump } : {}),
      name: host.hostname,
      methods: plan.methods,
      authWhat: plan.what,
      verifyHostKey: (hop, key, signal) => trust.verify({ role, address: hop.address, port: hop.port, label: hop.label }, key, signal),
      ...(opts.reachTimeoutMs !== undefined ? { reachTimeoutMs: opts.reachTimeoutMs } : {}),
      ...(opts.authTimeoutMs !== undefined ? { authTimeoutMs: opts.authTimeoutMs } : {}),
      ...(opts.keepaliveIntervalMs !== undefined ? { keepaliveIntervalMs: opts.keepaliveIntervalMs } : {}),
      ...(opts.keepaliveCountMax !== undefined ? { keepaliveCountMax: opts.keepaliveCountMax } : {}),
      ...(opts.onSocketConnected ? { onSocketConnected: (hop: { address: string }, localPort: number) => opts.onSocketConnected?.(role, hop.address, localPort) } : {}),
    });
    if (disposed || (generation.get(role) ?? 0) !== gen) {
      conn.close();
      throw new SshError('disconnected', 'session', `${SSH_ERROR_PREFIX.disconnected}the settings of ${host.hostname} changed while connecting. Try again.`);
    }
    return conn;
  };

  const openFor = async (role: string): Promise<SshConnection> => {
    const conn = await dial(role);
    connections.set(role, conn);
    conn.onClose(() => {
      if (connections.get(role) === conn) connections.delete(role);
    });
    return conn;
  };

  const connection = (role: string): Promise<SshConnection> => {
    courseHost(role);
    if (disposed) return Promise.reject(new ApiError('FAILED_PRECONDITION', 'The app is shutting down.'));
    const existing = connections.get(role);
    if (existing && !existing.closed) return Promise.resolve(existing);
    let pending = connecting.get(role);
    if (!pending) {
      pending = openFor(role).finally(() => connecting.delete(role));
      connecting.set(role, pending);
    }
    return pending;
  };

  const saveHost = async (input: HostProfile): Promise<HostSummary> => {
    const host = courseHost(input.role);
    const parsed = HostProfileSchema.safeParse(input);
    if (!parsed.success) {
      throw new ApiError('INVALID_ARGUMENT', `The settings for ${host.hostname} are not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'profile'}: ${i.message}`).join('; ')}`);
    }
    const profile = parsed.data;
    const before = await profiles.get(profile.role);
    const stored = withoutSecrets(profile);
    const passwordKey = hostSecretKey(profile.role, 'password');
    const passphraseKey = hostSecretKey(profile.role, 'passphrase');
    let secretChanged = false;
    const auth = profile.auth;
    /** An omitted secret keeps the stored one; '' clears it. */
    const putSecret = async (key: string, value: string | undefined) => {
      if (value === undefined) return;
      const old = await secrets.get(key);
      if (value === '') await secrets.delete(key);
      else if (old !== value) await secrets.set(key, value);
      if ((value === '' ? undefined : value) !== old) secretChanged = true;
    };
    if (auth.method === 'password') {
      await putSecret(passwordKey, auth.password);
      await secrets.delete(passphraseKey);
    } else if (auth.method === 'key') {
      await putSecret(passphraseKey, auth.passphrase);
      await secrets.delete(passwordKey);
    } else {
      await secrets.delete(passwordKey);
      await secrets.delete(passphraseKey);
    }
    await profiles.put(stored);
    if (secretChanged || !before || JSON.stringify(before) !== JSON.stringify(stored)) {
      disconnect(profile.role, `${SSH_ERROR_PREFIX.disconnected}the settings of ${host.hostname} changed; reconnect to use them.`);
    }
    await changed();
    return summary(stored);
  };

  const deleteHost = async (role: string): Promise<void> => {
    const host = courseHost(role);
    disconnect(role, `${SSH_ERROR_PREFIX.disconnected}the settings of ${host.hostname} were removed.`);
    await profiles.remove(role);
    await secrets.delete(hostSecretKey(role, 'password'));
    await secrets.delete(hostSecretKey(role, 'passphrase'));
    await changed();
  };

  const testHost = async (role: string): Promise<HostTestReport> => {
    const host = courseHost(role);
    const profile = await profileFor(role);
    const started = Date.now();
    let conn: SshConnection;
    try {
      // Always a fresh connection: a test must really reach the VM and check its current
      // host key, and must not disturb the terminals on the shared connection.
      conn = await dial(role);
    } catch (err) {
      if (isSshError(err)) return reportOf(role, connectFailureSteps(err));
      throw err;
    }
    const ms = Date.now() - started;
    const via = profile.jump ? ` through the jump host ${profile.jump.address}:${profile.jump.port}` : '';
    const key = trust.lastTrustedKey(role);
    const steps = [
      step('reach', 'pass', `${profile.address}:${profile.port} answered${via} (connected and logged in in ${(ms / 1000).toFixed(1)} s).`),
      step('hostkey', 'pass', key ? `The ${keyTypeLabel(key.keyType)} key ${key.fingerprint} is trusted (${key.how}).` : 'The host key is trusted.'),
      step('auth', 'pass', `Logged in as ${profile.user} with ${profile.auth.method === 'password' ? 'the password' : profile.auth.method === 'key' ? `the key ${profile.auth.privateKeyPath}` : 'your SSH agent'}.`),
    ];
    try {
      const result = await conn.exec(FACTS_COMMAND, { timeoutMs: 15_000 });
      const facts = parseFacts(result.stdout);
      return reportOf(role, [...steps, ...factSteps(host, facts)], facts);
    } catch (err) {
      if (!isSshError(err)) throw err;
      return reportOf(role, [...steps, step('os', 'fail', `Could not read the VM's details: ${err.message}`), skipped('cpus'), skipped('memory'), skipped('hostname'), skipped('swap')]);
    } finally {
      conn.close();
    }
  };

  return {
    listHosts,
    saveHost,
    deleteHost,
    importSshConfig: () => importSshConfig(deps.homeDir),
    testHost,
    async acceptHostKey(role, fingerprint) {
      courseHost(role);
      await trust.accept(role, fingerprint);
      await changed();
    },
    async rejectHostKey(role) {
      courseHost(role);
      await trust.reject(role);
    },
    async forgetHostKey(role) {
      const profile = await profileFor(role);
      await knownHosts.forget(profile.address, profile.port);
      // If the key that changed was the jump host's, forget that one too.
      const changedAt = trust.takeChangedEndpoint(role);
      if (changedAt) await knownHosts.forget(changedAt.address, changedAt.port);
      disconnect(role, `${SSH_ERROR_PREFIX.disconnected}the host key of ${courseHost(role).hostname} was forgotten; reconnect to check the new one.`);
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
    connectionState(role) {
      const conn = connections.get(role);
      if (conn && !conn.closed) return 'connected';
      return connecting.has(role) ? 'connecting' : 'disconnected';
    },
    async connect(role) {
      await connection(role);
    },
    connection,
    disconnect,
    async dispose() {
      disposed = true;
      trust.dispose();
      for (const role of [...connections.keys()]) disconnect(role, `${SSH_ERROR_PREFIX.disconnected}the app is closing.`);
      await Promise.allSettled([...connecting.values()]);
    },
  };
}
