// One terminal: its backend (an SSH shell or the local pty), output batching, flow control
// and the lifecycle described in terminal-service.ts (connect, exit, drop, reconnect).
import type { TerminalInfo, TerminalState } from '../../../common/api';
import { ApiError, messageOf } from '../../../common/errors';
import type { EventBus } from '../events';
import type { ShellOpener, TerminalBackend, TerminalSize } from './backend';
import type { FlowSnapshot } from './flow-controller';
import { ViewerFlow } from './viewer-flow';
import { OutputBatcher } from './output-batcher';
import { ReconnectBackoff, type ReconnectPolicy } from './reconnect-backoff';
import { TerminalOutput } from './terminal-output';

export const DEFAULT_TERMINAL_SIZE: TerminalSize = { cols: 80, rows: 24 };

/** Flow-control and batching knobs, for tests; defaults from common/flow-control.ts. */
export interface TerminalFlowOptions {
  highWatermark?: number;
  lowWatermark?: number;
  batchMs?: number;
  maxBatchBytes?: number;
  leadingFlush?: boolean;
  /** How long a viewer may hold the terminal at the high watermark before it is set aside. */
  viewerStallMs?: number;
}

/** What every session of a service shares. */
export interface TerminalSessionDeps {
  events: EventBus;
  shells: ShellOpener;
  localShell: (size: TerminalSize) => TerminalBackend;
  reconnect: ReconnectPolicy;
  random: () => number;
  flow?: TerminalFlowOptions;
  /** Output as it went out in terminal:data (its parts, ending on a character boundary), for in-process readers. */
  output(session: TerminalSession, parts: readonly Uint8Array[]): void;
  /** Every state change, after terminal:state. */
  stateChanged(info: TerminalInfo): void;
}

/** The dim line a window set aside for not keeping up gets when it rejoins (terminals/viewer-flow.ts). */
export function skippedNotice(): string {
  return '\r\n\x1b[2m— output skipped while this window was not keeping up —\x1b[0m\r\n';
}

/** The dim line written into the output after a reconnect, so the learner sees the break. */
export function reconnectNotice(target: string): string {
  return `\r\n\x1b[2m— reconnected to ${target} —\x1b[0m\r\n`;
}

export class TerminalSession {
  private currentState: TerminalState = 'connecting';
  private currentDetail: string | undefined;
  private size: TerminalSize = { ...DEFAULT_TERMINAL_SIZE };
  private backend: TerminalBackend | undefined;
  /** Bumped per connection attempt; callbacks of older attempts are ignored. */
  private generation = 0;
  /** Connected at least once: the next connection writes the reconnect notice. */
  private everConnected = false;
  private removed = false;
  private readonly flow: ViewerFlow;
  private readonly batcher: OutputBatcher;
  private readonly backoff: ReconnectBackoff;

  constructor(
    readonly id: string,
    readonly target: string,
    private readonly deps: TerminalSessionDeps,
  ) {
    this.batcher = new OutputBatcher({
      flushMs: deps.flow?.batchMs,
      maxBatchBytes: deps.flow?.maxBatchBytes,
      leading: deps.flow?.leadingFlush ?? true,
      onFlush: (parts, bytes) => {
        deps.events.emit('terminal:data', new TerminalOutput(id, parts, bytes), this.flow.receives);
        this.flow.sent(bytes);
        deps.output(this, parts);
      },
    });
    this.flow = new ViewerFlow({
      highWatermark: deps.flow?.highWatermark,
      lowWatermark: deps.flow?.lowWatermark,
      // Paused: hold output here and stop reading the far end, so at most the batch
      // that crossed the watermark is outstanding.
      onPause: () => {
        this.batcher.hold();
        this.backend?.pause();
      },
      onResume: () => {
        this.backend?.resume();
        this.batcher.release();
      },
      stallMs: deps.flow?.viewerStallMs,
      onRejoin: (viewer) => deps.events.emit('terminal:data', { terminalId: id, data: Buffer.from(skippedNotice()) }, (v) => v === viewer),
    });
    this.backoff = new ReconnectBackoff(deps.reconnect, deps.random);
  }

  get state(): TerminalState {
    return this.currentState;
  }

  get detail(): string | undefined {
    return this.currentDetail;
  }

  /** How messages name it. */
  get label(): string {
    return this.target === 'local' ? 'the local shell' : this.target;
  }

  /** Connected and its shell still running ('connected' alone may be a shell whose last output is still queued). */
  get isLive(): boolean {
    return this.currentState === 'connected' && this.backend !== undefined;
  }

  info(): TerminalInfo {
    const result: TerminalInfo = { terminalId: this.id, target: this.target, state: this.currentState };
    if (this.currentDetail !== undefined) result.detail = this.currentDetail;
    return result;
  }

  /** Starts a connection attempt; its outcome arrives through state events. */
  connect(): void {
    if (this.removed) return;
    this.backoff.cancel();
    this.detach();
    const generation = this.generation;
    const size = { ...this.size };
    if (this.target === 'local') {
      this.setState('connecting');
      let backend: TerminalBackend;
      try {
        backend = this.deps.localShell(size);
      } catch (error) {
        this.setState('closed', `could not start the local shell: ${messageOf(error)}`);
        return;
      }
      this.attach(backend, generation);
      return;
    }
    const attempt = this.backoff.attempt;
    if (this.everConnected || attempt > 0) {
      this.setState('reconnecting', `connecting to ${this.target}${attempt > 0 ? ` (attempt ${attempt})` : ''}…`);
    } else {
      this.setState('connecting');
    }
    let opened: Promise<TerminalBackend>;
    try {
      opened = this.deps.shells.openShell(this.target, size);
    } catch (error) {
      opened = Promise.reject(error);
    }
    opened.then(
      (backend) => {
        if (this.removed || this.generation !== generation) {
          // Closed, or superseded by a manual reconnect, while connecting.
          backend.close();
          return;
        }
        this.attach(backend, generation);
        // A resize that arrived while connecting.
        if (size.cols !== this.size.cols || size.rows !== this.size.rows) backend.resize(this.size.cols, this.size.rows);
      },
      (error: unknown) => {
        if (this.removed || this.generation !== generation) return;
        this.setState('disconnected', messageOf(error));
        this.scheduleReconnect();
      },
    );
  }

  /** The learner asks to reconnect: at once, with the backoff reset. */
  reconnect(): void {
    // A first attempt still under way: let it finish.
    if (this.currentState === 'connecting' && !this.everConnected) return;
    // A live local shell has no link to restore.
    if (this.target === 'local' && this.backend) return;
    this.backoff.reset();
    this.connect();
  }

  write(data: string): void {
    if (this.currentState === 'connected' && this.backend) {
      this.backend.write(data);
      return;
    }
    // 'connected' without a backend: the shell exited and its last output is still queued.
    switch (this.currentState === 'connected' ? 'closed' : this.currentState) {
      case 'connecting':
        throw new ApiError('FAILED_PRECONDITION', `${this.label} is still connecting`);
      case 'closed':
        throw new ApiError('FAILED_PRECONDITION', `${this.label} has exited; reconnect to start a new shell`);
      default:
        throw new ApiError('FAILED_PRECONDITION', `${this.label} is disconnected; reconnecting…`);
    }
  }

  /** Remembered for the next connection too. */
  resize(cols: number, rows: number): void {
    this.size = { cols, rows };
    this.backend?.resize(cols, rows);
  }

  /** A viewer (window, socket) has processed `bytes` more bytes; it watches from now on. */
  ack(viewer: string, bytes: number): void {
    this.flow.ack(viewer, bytes);
  }

  attachViewer(viewer: string): void {
    this.flow.attach(viewer);
  }

  detachViewer(viewer: string): void {
    this.flow.detach(viewer);
  }

  flowStats(): FlowSnapshot {
    return this.flow.snapshot();
  }

  /** Stops everything (backend, retries, batching) without a state event. */
  dispose(): void {
    this.removed = true;
    this.backoff.cancel();
    this.detach();
    this.batcher.dispose();
    this.flow.dispose();
  }

  /** Tells listeners that the learner closed it (after dispose). */
  announceClosed(): void {
    this.setState('closed', 'closed');
  }

  private setState(state: TerminalState, detail?: string): void {
    this.currentState = state;
    this.currentDetail = detail;
    const current = this.info();
    this.deps.events.emit('terminal:state', current);
    this.deps.stateChanged(current);
  }

  /** Drops the current backend without reacting to its exit. */
  private detach(): void {
    const backend = this.backend;
    this.backend = undefined;
    this.generation += 1;
    if (backend) {
      try {
        backend.close();
      } catch {
        // Closing a dead link may throw; it is gone either way.
      }
      this.batcher.endStream();
    }
  }

  private attach(backend: TerminalBackend, generation: number): void {
    this.backend = backend;
    backend.onData((data) => {
      if (this.generation === generation) this.batcher.push(data);
    });
    backend.onExit((code, reason) => {
      if (this.generation === generation) this.onBackendExit(code, reason);
    });
    // Renderer still behind from before: keep the new stream paused too.
    if (this.flow.isPaused) backend.pause();
    const reconnected = this.everConnected;
    this.everConnected = true;
    this.backoff.reset();
    if (reconnected) this.batcher.push(reconnectNotice(this.target));
    this.setState('connected');
  }

  private onBackendExit(code: number | null, reason?: string): void {
    this.backend = undefined;
    this.generation += 1;
    this.batcher.endStream();
    if (code === null && this.target !== 'local') {
      this.setState('disconnected', reason ?? 'the connection was lost');
      this.scheduleReconnect();
      return;
    }
    // The shell ended: deliver its last output first, then the exit.
    this.batcher.whenDrained(() => {
      if (this.removed || this.backend) return;
      this.deps.events.emit('terminal:exit', { terminalId: this.id, code });
      this.setState('closed', code === null ? (reason ?? 'the shell ended') : `exited with code ${code}`);
    });
  }

  private scheduleReconnect(): void {
    const { attempt, delayMs } = this.backoff.next();
    this.setState('reconnecting', `retrying in ${Math.max(1, Math.ceil(delayMs / 1000))} s (attempt ${attempt})`);
    this.backoff.wait(delayMs, () => this.connect());
  }
}
