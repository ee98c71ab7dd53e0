// Flow control of one terminal shown in several viewers (windows, browser sockets). Each
// viewer has its own count of bytes sent and not yet acknowledged (a FlowController), and
// only its own acknowledgements lower it: a fast window cannot release output that a slow
// one has not processed. The terminal is paused while any viewer it waits for is at its
// high watermark, so none holds more than the watermark plus one batch.
//
// A viewer that stays at the watermark for stallMs while another viewer watches (a hidden
// browser tab, whose timers the browser slows to one a second or a minute; a window that
// hangs) is set aside: the
// terminal stops waiting for it and stops sending it output, so it neither holds the others
// back nor drowns. Once its acknowledgements bring it below the low watermark (it caught
// up) it rejoins, and is told that output was skipped meanwhile (onRejoin).
//
// A viewer joins when it opens the terminal or first acknowledges its output (a window
// adopting a terminal it did not open), and leaves when its connection closes; a terminal
// no viewer watches is not paused (a block run with no window open).
import { type FlowControllerOptions, FlowController, type FlowSnapshot } from './flow-controller';

/** How long a viewer may hold a terminal at the high watermark before it is set aside. */
export const VIEWER_STALL_MS = 5_000;

export interface ViewerFlowOptions extends FlowControllerOptions {
  stallMs?: number;
  /** A viewer set aside caught up: it missed output meanwhile. */
  onRejoin?: (viewer: string) => void;
}

interface Viewer {
  flow: FlowController;
  aside: boolean;
  stall?: ReturnType<typeof setTimeout>;
}

export class ViewerFlow {
  private readonly viewers = new Map<string, Viewer>();
  private paused = false;
  private maxUnacked = 0;
  private readonly highWatermark: number;
  private readonly stallMs: number;

  constructor(private readonly options: ViewerFlowOptions) {
    // Validates the watermarks once, as the per-viewer controllers would.
    this.highWatermark = new FlowController({ highWatermark: options.highWatermark, lowWatermark: options.lowWatermark }).highWatermark;
    this.stallMs = options.stallMs ?? VIEWER_STALL_MS;
  }

  attach(viewer: string): void {
    if (this.viewers.has(viewer)) return;
    const entry: Viewer = {
      aside: false,
      flow: new FlowController({
        highWatermark: this.options.highWatermark,
        lowWatermark: this.options.lowWatermark,
        onPause: () => {
          if (!entry.aside) entry.stall = setTimeout(() => this.setAside(entry), this.stallMs);
          this.update();
        },
        onResume: () => {
          clearTimeout(entry.stall);
          if (entry.aside) {
            entry.aside = false;
            this.options.onRejoin?.(viewer);
          }
          this.update();
        },
      }),
    };
    this.viewers.set(viewer, entry);
  }

  detach(viewer: string): void {
    const entry = this.viewers.get(viewer);
    if (!entry) return;
    clearTimeout(entry.stall);
    this.viewers.delete(viewer);
    this.update();
  }

  /** Whether `viewer` gets this terminal's output (every viewer but those set aside). */
  readonly receives = (viewer: string): boolean => this.viewers.get(viewer)?.aside !== true;

  /** Chars just sent to every viewer not set aside. */
  sent(bytes: number): void {
    for (const entry of this.viewers.values()) if (!entry.aside) entry.flow.sent(bytes);
    this.maxUnacked = Math.max(this.maxUnacked, this.unacked());
  }

  ack(viewer: string, bytes: number): void {
    this.attach(viewer);
    this.viewers.get(viewer)?.flow.ack(bytes);
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** The counts of the viewer furthest behind (of those it waits for). */
  snapshot(): FlowSnapshot {
    return { unacked: this.unacked(), maxUnacked: this.maxUnacked, paused: this.paused, highWatermark: this.highWatermark };
  }

  dispose(): void {
    for (const entry of this.viewers.values()) clearTimeout(entry.stall);
    this.viewers.clear();
  }

  private setAside(entry: Viewer): void {
    // Only to let another viewer go on: a window alone keeps its output, however slow.
    if (![...this.viewers.values()].some((other) => other !== entry && !other.aside)) {
      entry.stall = setTimeout(() => this.setAside(entry), this.stallMs);
      return;
    }
    entry.aside = true;
    this.update();
  }

  private unacked(): number {
    let most = 0;
    for (const entry of this.viewers.values()) if (!entry.aside) most = Math.max(most, entry.flow.snapshot().unacked);
    return most;
  }

  private update(): void {
    const paused = [...this.viewers.values()].some((entry) => !entry.aside && entry.flow.isPaused);
    if (paused === this.paused) return;
    this.paused = paused;
    if (paused) this.options.onPause?.();
    else this.options.onResume?.();
  }
}
