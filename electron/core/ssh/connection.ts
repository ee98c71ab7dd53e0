// One SSH connection (optionally through a jump host) with the app's rules:
//  - the host key is checked through ssh2's ASYNC hostVerifier; ssh2 sends NEWKEYS and
//    starts user authentication only after verify(true), so no credential leaves this
//    machine before the key is trusted (Tabby's mistake was to check after the fact);
//  - timeouts per phase instead of ssh2's readyTimeout, which would also run while the
//    learner reads the host key question: reaching the server + key exchange, then login;
//  - keepalives every 5 s, 2 unanswered → the link is declared dead (~15 s);
//  - errors a learner can act on (ssh-errors.ts).
// ssh2 is CommonJS: Node's ESM loader sees only its default export.
import ssh2, { type AnyAuthMethod, type Client, type ClientChannel } from 'ssh2';

const SshClient = ssh2.Client;
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TerminalBackend, TerminalSize } from '../terminals/backend';
import { trackAuth } from './auth';
import { CommandShell, CommandShells, newMarker } from './command-shells';
import { type Elevation, elevateExec, elevateShell } from './root-elevation';
import { SudoPasswordShell } from './sudo-password-shell';
import { SshShellBackend } from './shell-backend';
import { SSH_ERROR_PREFIX, SshError, secondsText, unreachableError, type SshPhase } from './ssh-errors';

export interface Endpoint {
  address: string;
  port: number;
  user: string;
}

export interface HopInfo extends Endpoint {
  /** "kube-worker (10.77.0.11:22)" or "the jump host 10.77.0.10:22". */
  label: string;
  isJump: boolean;
}

export interface ConnectOptions {
  target: Endpoint;
  jump?: Endpoint;
  /** Name of the target for messages, e.g. "kube-worker". */
  name: string;
  /** The auth methods for a user (the jump host uses the same method and secret). */
  methods(user: string): AnyAuthMethod[];
  /** What the methods offer, for messages ("the password"). */
  authWhat: string;
  /** Resolves to trust the key, rejects with an SshError to refuse. Called before any credential is sent. */
  verifyHostKey(hop: HopInfo, key: Buffer, signal: AbortSignal): Promise<void>;
  /** TCP connect + SSH banner + key exchange, per hop. */
  reachTimeoutMs?: number;
  /** From the trusted key to a finished login, per hop. */
  authTimeoutMs?: number;
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** Diagnostics: the local TCP port of a direct hop (to find it in the server's log). */
  onSocketConnected?: (hop: HopInfo, localPort: number) => void;
}

export interface ExecOptions {
  /** Default 30 s. */
  timeoutMs?: number;
  /** Run as the login user even when the connection acts as root through sudo (staging uploads). */
  asLogin?: boolean;
  /** Written to the command's input first (sudo's password line when probing). */
  stdin?: string;
  /** Output kept per stream, default 4 MiB (the rest is dropped and `truncated` set). */
  maxOutputBytes?: number;
}

export interface ExecResult {
  /** The exit code; null when the command was killed by a signal. */
  code: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
  truncated?: boolean;
}

export const DEFAULT_REACH_TIMEOUT_MS = 10_000;
export const DEFAULT_AUTH_TIMEOUT_MS = 15_000;
/** OpenSSH's default MaxSessions is 10 channels per connection: keep room for terminals. */
export const MAX_PARALLEL_EXEC = 6;

interface HopOptions {
  hop: HopInfo;
  sock?: Duplex;
  options: ConnectOptions;
  via?: string;
}

function connectHop({ hop, sock, options, via }: HopOptions): Promise<Client> {
  const reachMs = options.reachTimeoutMs ?? DEFAULT_REACH_TIMEOUT_MS;
  const authMs = options.authTimeoutMs ?? DEFAULT_AUTH_TIMEOUT_MS;
  const endpoint = `${hop.address}:${hop.port}`;
  return new Promise<Client>((resolve, reject) => {
    const client = new SshClient();
    const auth = trackAuth(options.methods(hop.user));
    let phase: SshPhase = 'reach';
    let tcpConnected = sock !== undefined;
    let sawBanner = false;
    let refusal: SshError | undefined;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const attempt = new AbortController();
    let ownSocket: Socket | undefined;
    let loggedIn = false;

    const fail = (err: SshError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      attempt.abort(err);
      client.removeAllListeners('ready');
      client.on('error', () => {}); // late errors of a dead attempt
      client.destroy();
      ownSocket?.destroy();
      reject(err);
    };
    const reachTimeout = () => {
      const where = `${endpoint}${via ? ` (through the jump host ${via})` : ''}`;
      if (!tcpConnected) {
        fail(new SshError('unreachable', 'reach', `${SSH_ERROR_PREFIX.unreachable}${where}: no answer within ${secondsText(reachMs)} (connect timeout). Check the address and that the VM is running.`));
      } else if (!sawBanner) {
        fail(new SshError('unreachable', 'reach', `${SSH_ERROR_PREFIX.unreachable}${where}: the port answered but no SSH server spoke within ${secondsText(reachMs)}. Check the port number (SSH is usually 22).`));
      } else {
        fail(new SshError('unreachable', 'reach', `${SSH_ERROR_PREFIX.unreachable}${where}: the SSH key exchange did not finish within ${secondsText(reachMs)}.`));
      }
    };
    timer = setTimeout(reachTimeout, reachMs);

    client.on('connect', () => {
      tcpConnected = true;
    });
    client.on('greeting', () => {
      sawBanner = true;
    });
    client.on('ready', () => {
      if (settled) return;
      settled = true;
      loggedIn = true;
      clearTimeout(timer);
      resolve(client);
    });
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      if (settled) return;
      if (refusal) return fail(refusal);
      if (err.level === 'client-socket' || err.level === 'client-dns') {
        return fail(unreachableError(hop.address, hop.port, err as NodeJS.ErrnoException, via));
      }
      if (err.level === 'client-authentication') {
        return fail(authError(hop, options.authWhat, auth.serverAllows()));
      }
      if (phase === 'auth' && err.level === 'agent') {
        return fail(new SshError('credentials', 'auth', `${SSH_ERROR_PREFIX.credentials}your SSH agent could not be used (${err.message}). Check that ssh-agent is running and holds your key (ssh-add -l).`));
      }
      if (phase === 'reach') {
        return fail(new SshError('unreachable', 'reach', `${SSH_ERROR_PREFIX.unreachable}${endpoint}: the SSH handshake failed (${err.message}).`));
      }
      return fail(new SshError('disconnected', phase, `${SSH_ERROR_PREFIX.disconnected}${hop.label} ended the connection during ${phase === 'auth' ? 'login' : 'the host key check'} (${err.message}).`));
    });
    client.on('close', () => {
      if (settled) return;
      if (refusal) return fail(refusal);
      if (phase === 'reach') {
        return fail(new SshError('unreachable', 'reach', `${SSH_ERROR_PREFIX.unreachable}${endpoint}: the server closed the connection before SSH started${sawBanner ? '' : ' (it may not be an SSH server, or it refused this client)'}.`));
      }
      if (phase === 'auth' && auth.attempted()) return fail(authError(hop, options.authWhat, auth.serverAllows()));
      fail(new SshError('disconnected', phase, `${SSH_ERROR_PREFIX.disconnected}${hop.label} closed the connection before login finished.`));
    });

    // A direct hop gets a socket of our own (ssh2 drives it the same way) so we know its
    // local port; through a jump host the forwarded channel is the socket.
    let socket: Duplex | undefined = sock;
    if (!socket) {
      const tcp = (ownSocket = new Socket());
      // No Nagle: checks and keystrokes are small back-to-back writes, which would
      // otherwise wait for the VM's delayed ACK (about 40 ms per exec round trip).
      tcp.setNoDelay(true);
      tcp.once('connect', () => options.onSocketConnected?.(hop, tcp.localPort ?? 0));
      tcp.connect({ host: hop.address, port: hop.port });
      socket = tcp;
    }
    client.connect({
      host: hop.address,
      port: hop.port,
      username: hop.user,
      sock: socket,
      readyTimeout: 0, // replaced by the per-phase timers above
      keepaliveInterval: options.keepaliveIntervalMs ?? 5000,
      keepaliveCountMax: options.keepaliveCountMax ?? 2,
      authHandler: auth.handler,
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        if (loggedIn) {
          // A re-key on a live connection (sshd's RekeyLimit): the key must still be trusted.
          options.verifyHostKey(hop, key, new AbortController().signal).then(() => verify(true), () => verify(false));
          return;
        }
        clearTimeout(timer);
        phase = 'hostkey';
        options.verifyHostKey(hop, key, attempt.signal).then(
          () => {
            if (settled) return verify(false);
            phase = 'auth';
            timer = setTimeout(() => {
              fail(new SshError('timeout', 'auth', `${SSH_ERROR_PREFIX.timeout}login to ${hop.label} did not finish within ${secondsText(authMs)}.`));
            }, authMs);
            verify(true);
          },
          (err: unknown) => {
            refusal = err instanceof SshError ? err : new SshError('hostkey-rejected', 'hostkey', String(err));
            verify(false);
            // ssh2 reports the refusal as an error and closes; make sure we settle even if not.
            setImmediate(() => fail(refusal!));
          },
        );
      },
    });
  });
}

function authError(hop: HopInfo, what: string, allowed: string[] | undefined): SshError {
  const who = `${hop.user}@${hop.address}${hop.isJump ? ' (the jump host)' : ''}`;
  const p = SSH_ERROR_PREFIX.auth;
  const offersPassword = what === 'the password';
  if (allowed && offersPassword && !allowed.includes('password') && !allowed.includes('keyboard-interactive')) {
    return new SshError('auth', 'auth', `${p}${who} does not accept passwords (it allows: ${allowed.join(', ')}). Use a key in Hosts, or enable PasswordAuthentication in the VM's sshd_config.`);
  }
  if (offersPassword) {
    return new SshError('auth', 'auth', `${p}${who} rejected the password (authentication failed). Check the password in Hosts.`);
  }
  if (what.startsWith('the key ')) {
    return new SshError('auth', 'auth', `${p}${who} did not accept ${what} (authentication failed). Check that its public key is in ~/.ssh/authorized_keys of ${hop.user} on the VM.`);
  }
  return new SshError('auth', 'auth', `${p}${who} did not accept ${what} (authentication failed). Check ssh-add -l and the VM's ~/.ssh/authorized_keys.`);
}

function forwardThrough(jump: Client, target: Endpoint, jumpLabel: string, timeoutMs: number): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new SshError('unreachable', 'reach', `${SSH_ERROR_PREFIX.unreachable}${target.address}:${target.port} from the jump host ${jumpLabel}: no answer within ${secondsText(timeoutMs)}. Check the address and that the VM is running.`));
    }, timeoutMs);
    jump.forwardOut('127.0.0.1', 0, target.address, target.port, (err, stream) => {
      clearTimeout(timer);
      if (err) {
        const reason = err.message.replace(/^\(SSH\)\s*/, '');
        reject(new SshError('unreachable', 'reach', `${SSH_ERROR_PREFIX.unreachable}${target.address}:${target.port} from the jump host ${jumpLabel}: ${reason}. Check the address, that the VM is running, and that the jump host allows forwarding (AllowTcpForwarding).`));
        return;
      }
      resolve(stream);
    });
  });
}

/** Opens a connection; rejects with an SshError. */
export async function openConnection(options: ConnectOptions): Promise<SshConnection> {
  const { target, jump, name } = options;
  const targetLabel = `${name} (${target.address}:${target.port})`;
  if (!jump) {
    const client = await connectHop({ hop: { ...target, label: targetLabel, isJump: false }, options });
    return new SshConnection(client, targetLabel);
  }
  const jumpLabel = `${jump.address}:${jump.port}`;
  const jumpClient = await connectHop({ hop: { ...jump, label: `the jump host ${jumpLabel}`, isJump: true }, options });
  try {
    const stream = await forwardThrough(jumpClient, target, jumpLabel, options.reachTimeoutMs ?? DEFAULT_REACH_TIMEOUT_MS);
    const client = await connectHop({ hop: { ...target, label: targetLabel, isJump: false }, sock: stream, options, via: jumpLabel });
    return new SshConnection(client, targetLabel, jumpClient);
  } catch (err) {
    jumpClient.end();
    throw err;
  }
}

type CloseListener = (reason: string) => void;

/** A logged-in connection: shells and exec channels share it. */
export class SshConnection {
  private closeReason: string | undefined;
  private lastError: (Error & { level?: string; code?: string }) | undefined;
  private readonly listeners = new Set<CloseListener>();
  private readonly shells = new Set<SshShellBackend>();
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  readonly connectedAt = Date.now();
  /** How commands and shells act as root (see root-elevation.ts); the login user's own until set. */
  private elevationMode: Elevation = { kind: 'root' };
  /** Long-lived shells for checks' read-only commands (command-shells.ts); they hold exec slots. */
  private readonly commandShells = new CommandShells({
    start: (timeoutMs) => {
      const ready = newMarker();
      const run = elevateExec(`printf '%s\\n' ${ready}; exec sh`, this.elevationMode);
      return CommandShell.start(this.client, run.command, run.stdin, ready, timeoutMs, () => this.lostError());
    },
    slots: { tryAcquire: () => this.tryAcquire(), release: () => this.release() },
  });

  constructor(
    readonly client: Client,
    readonly label: string,
    private readonly jumpClient?: Client,
  ) {
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      this.lastError = err;
    });
    client.on('close', () => this.markClosed(this.describeLoss()));
    if (jumpClient) {
      jumpClient.on('error', (err: Error & { level?: string; code?: string }) => {
        this.lastError = err;
      });
      jumpClient.on('close', () => {
        if (!this.closeReason) this.markClosed(this.describeLoss('the jump host'));
        client.end();
      });
    }
  }

  get closed(): boolean {
    return this.closeReason !== undefined;
  }

  /** Why the connection ended (undefined while open). */
  get reason(): string | undefined {
    return this.closeReason;
  }

  /** Decided once after login (host-dialer.ts): exec and shell then run as root through it. */
  setElevation(elevation: Elevation): void {
    this.elevationMode = elevation;
  }

  get elevation(): Elevation {
    return this.elevationMode;
  }

  get openShells(): number {
    return this.shells.size;
  }

  /** The long-lived shells checks' commands run in (execInShell). */
  get openCommandShells(): number {
    return this.commandShells.size;
  }

  onClose(listener: CloseListener): () => void {
    if (this.closeReason !== undefined) {
      listener(this.closeReason);
      return () => {};
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends the connection; open shells get onExit(null, reason). */
  close(reason = `${SSH_ERROR_PREFIX.disconnected}the connection to ${this.label} was closed by the app.`): void {
    if (!this.closeReason) this.markClosed(reason);
    this.client.end();
    this.jumpClient?.end();
  }

  private describeLoss(via?: string): string {
    const err = this.lastError;
    const where = via ? `${this.label} (through ${via})` : this.label;
    const p = SSH_ERROR_PREFIX.disconnected;
    if (err?.message === 'Keepalive timeout') {
      return `${p}${where} stopped answering (no reply to keepalives for about 15 s). The VM may be down or the network cut.`;
    }
    if (err?.code === 'ECONNRESET') return `${p}the connection to ${where} was reset.`;
    if (err) return `${p}the connection to ${where} failed (${err.message}).`;
    return `${p}${where} closed the connection (the VM may have rebooted or sshd restarted).`;
  }

  private markClosed(reason: string): void {
    if (this.closeReason !== undefined) return;
    this.closeReason = reason;
    this.commandShells.dispose(new SshError('disconnected', 'session', reason));
    for (const shell of this.shells) shell.connectionLost(reason);
    this.shells.clear();
    for (const listener of this.listeners) listener(reason);
    this.listeners.clear();
    if (this.jumpClient) this.jumpClient.end();
  }

  private ensureOpen(): void {
    if (this.closeReason !== undefined) throw new SshError('disconnected', 'session', this.closeReason);
  }

  /**
   * A login shell with a pty; with `command`, that command runs in the pty instead (shell
   * integration), as root when the connection acts as root through sudo.
   */
  shell(size: TerminalSize, command?: string): Promise<TerminalBackend> {
    this.ensureOpen();
    const elevation = this.elevationMode;
    if (command !== undefined) command = elevateShell(command, elevation);
    return new Promise((resolve, reject) => {
      const pty = { term: 'xterm-256color', cols: size.cols, rows: size.rows };
      const opened = (err: Error | undefined, channel: ClientChannel) => {
        if (err) {
          reject(this.closeReason !== undefined
            ? new SshError('disconnected', 'session', this.closeReason)
            : new SshError('channel', 'session', `${SSH_ERROR_PREFIX.channel}${this.label} refused to open a shell (${err.message}).`));
          return;
        }
        const backend = new SshShellBackend(channel, () => this.shells.delete(backend));
        if (this.closeReason !== undefined) backend.connectionLost(this.closeReason);
        else this.shells.add(backend);
        resolve(command !== undefined && elevation.kind === 'sudo-password' ? new SudoPasswordShell(backend, elevation.password) : backend);
      };
      if (command === undefined) this.client.shell(pty, opened);
      else this.client.exec(command, { pty }, opened);
    });
  }

  /**
   * Runs one command on its own exec channel (no pty) and collects its output: as root when
   * the connection acts as root through sudo, unless `asLogin`.
   */
  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    this.ensureOpen();
    const run = options.asLogin ? { command, ...(options.stdin !== undefined ? { stdin: options.stdin } : {}) } : elevateExec(command, this.elevationMode);
    await this.acquire();
    try {
      // sshd refuses a channel past MaxSessions (10), which this connection shares with the
      // learner's terminals and uploads: a refused channel is retried, not reported.
      for (let attempt = 0; ; attempt++) {
        this.ensureOpen();
        try {
          return await this.execNow(run.command, options, run.stdin, command);
        } catch (err) {
          if (!(err instanceof SshError && err.kind === 'channel') || attempt >= 3 || this.closeReason !== undefined) throw err;
          await new Promise((r) => setTimeout(r, 150 * 2 ** attempt));
        }
      }
    } finally {
      this.release();
    }
  }

  /**
   * A read-only command (a check's) in one of the connection's long-lived shells: one round
   * trip instead of an exec's three. As root like exec; its input is /dev/null. Runs on
   * exec when no shell can be had (none starts on this host, or every slot is an exec's).
   */
  async execInShell(command: string, options: Omit<ExecOptions, 'asLogin' | 'stdin'> = {}): Promise<ExecResult> {
    this.ensureOpen();
    if (this.elevationMode.kind === 'none') elevateExec(command, this.elevationMode); // throws why
    const timeoutMs = options.timeoutMs ?? 30_000;
    const started = Date.now();
    const label = command.length > 60 ? `${command.slice(0, 57)}...` : command;
    const result = await this.commandShells.run(command, {
      timeoutMs,
      maxOutputBytes: options.maxOutputBytes ?? 4 * 1024 * 1024,
      label,
      timedOut: () => new SshError('timeout', 'session', `${SSH_ERROR_PREFIX.timeout}"${label}" did not finish within ${secondsText(timeoutMs)} on ${this.label}.`),
    });
    return result ?? this.exec(command, { ...options, timeoutMs: Math.max(1, timeoutMs - (Date.now() - started)) });
  }

  /** Why a channel ended without an answer: the connection's loss, or the channel's own end. */
  private lostError(): SshError {
    return new SshError('disconnected', 'session', this.closeReason ?? `${SSH_ERROR_PREFIX.disconnected}a command shell on ${this.label} ended without an exit status.`);
  }

  private tryAcquire(): boolean {
    if (this.running >= MAX_PARALLEL_EXEC) return false;
    this.running++;
    return true;
  }

  private acquire(): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    const granted = new Promise<void>((resolve) => this.waiting.push(() => {
      this.running++;
      resolve();
    }));
    // An idle command shell gives its slot back to the exec.
    this.commandShells.reclaimIdle();
    return granted;
  }

  private release(): void {
    this.running--;
    this.waiting.shift()?.();
  }

  /** `stdin`: written first (sudo's password line), never part of the command. */
  private execNow(command: string, options: ExecOptions, stdin: string | undefined, label: string): Promise<ExecResult> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const max = options.maxOutputBytes ?? 4 * 1024 * 1024;
    // Messages name the learner's command, not the sudo wrapper around it.
    const short = label.length > 60 ? `${label.slice(0, 57)}...` : label;
    return new Promise<ExecResult>((resolve, reject) => {
      let settled = false;
      let channel: ClientChannel | undefined;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        try {
          channel?.signal('KILL');
        } catch {
          // the server may not support signals; closing the channel is enough
        }
        channel?.close();
        reject(new SshError('timeout', 'session', `${SSH_ERROR_PREFIX.timeout}"${short}" did not finish within ${secondsText(timeoutMs)} on ${this.label}.`));
      }, timeoutMs);
      this.client.exec(command, (err, ch) => {
        if (settled) {
          ch?.close();
          return;
        }
        if (err) {
          settled = true;
          clearTimeout(timer);
          reject(this.closeReason !== undefined
            ? new SshError('disconnected', 'session', this.closeReason)
            : new SshError('channel', 'session', `${SSH_ERROR_PREFIX.channel}${this.label} refused to run a command (${err.message}).`));
          return;
        }
        channel = ch;
        // Then EOF: a wrong sudo password makes sudo ask again, and must not wait for a line.
        if (stdin !== undefined) ch.end(stdin);
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        const size = { out: 0, err: 0 };
        let truncated = false;
        let code: number | null | undefined;
        let signal: string | undefined;
        const keep = (chunks: Buffer[], which: 'out' | 'err') => (data: Buffer) => {
          const room = max - size[which];
          if (room <= 0) {
            truncated = true;
            return;
          }
          const part = data.length > room ? data.subarray(0, room) : data;
          if (part.length < data.length) truncated = true;
          chunks.push(part);
          size[which] += part.length;
        };
        ch.on('data', keep(out, 'out'));
        ch.stderr.on('data', keep(errOut, 'err'));
        ch.on('exit', (exitCode: number | null, exitSignal?: string) => {
          code = typeof exitCode === 'number' ? exitCode : null;
          if (exitSignal) signal = exitSignal;
        });
        ch.on('close', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          if (code === undefined) {
            // No exit status: the connection went away underneath the command.
            setImmediate(() => reject(new SshError('disconnected', 'session', this.closeReason ?? `${SSH_ERROR_PREFIX.disconnected}"${short}" on ${this.label} ended without an exit status.`)));
            return;
          }
          resolve({
            code,
            ...(signal ? { signal } : {}),
            stdout: Buffer.concat(out).toString('utf8'),
            stderr: Buffer.concat(errOut).toString('utf8'),
            ...(truncated ? { truncated } : {}),
          });
        });
      });
    });
  }
}
