// Dials a course host with the learner's saved settings: credentials from the SecretStore,
// the host key decided by HostKeyTrust before any of them is sent.
import type { CourseHost } from '../../../common/course';
import { buildAuthPlan } from '../ssh/auth';
import { openConnection, type SshConnection } from '../ssh/connection';
import { decideElevation } from '../ssh/root-elevation';
import { SSH_ERROR_PREFIX, SshError } from '../ssh/ssh-errors';
import type { HostKeyTrust } from './host-key-trust';
import type { HostProfiles } from './host-profiles';
import type { StoredProfile } from './profile-store';

/** Connection tuning, mainly for tests. */
export interface DialOptions {
  /** Per hop: TCP connect + SSH banner + key exchange (default 10 s). */
  reachTimeoutMs?: number;
  /** Per hop: from the trusted key to a finished login (default 15 s). */
  authTimeoutMs?: number;
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** Environment for SSH_AUTH_SOCK (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Diagnostics: the local TCP port of each direct connection attempt. */
  onSocketConnected?: (role: string, address: string, localPort: number) => void;
}

export interface HostDialerDeps {
  homeDir: string;
  profiles: HostProfiles;
  trust: HostKeyTrust;
  options: DialOptions;
}

export class HostDialer {
  constructor(private readonly deps: HostDialerDeps) {}

  /**
   * A new connection to `host` with `profile`, shared with no one. Once logged in it asks
   * `stillCurrent`: if the settings changed meanwhile, the connection is closed and the dial fails.
   */
  async dial(host: CourseHost, profile: StoredProfile, stillCurrent: () => boolean): Promise<SshConnection> {
    const { homeDir, profiles, trust, options: opts } = this.deps;
    const role = host.role;
    const plan = await buildAuthPlan(await profiles.authSpec(profile), { homeDir, hostLabel: host.hostname, ...(opts.env ? { env: opts.env } : {}) });
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
    if (!stillCurrent()) {
      conn.close();
      throw new SshError('disconnected', 'session', `${SSH_ERROR_PREFIX.disconnected}the settings of ${host.hostname} changed while connecting. Try again.`);
    }
    // Once per connection: how the course's commands act as root (root-elevation.ts).
    try {
      conn.setElevation(await decideElevation((command, o) => conn.exec(command, o), profile.user, await profiles.sudoPassword(profile)));
    } catch (err) {
      conn.close();
      throw err;
    }
    return conn;
  }
}
