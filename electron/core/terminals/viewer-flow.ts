// Flow control of one terminal shown in several viewers (windows, browser sockets). Each
// viewer has its own count of chars sent and not yet acknowledged (a FlowController), and
// only its own acknowledgements lower it: a fast window cannot release output that a slow
// one has not processed. The terminal is paused while ANY viewer is at its high watermark,
// so the slowest viewer watching sets the pace and none holds more than the watermark plus
// one batch. A viewer joins when it opens the terminal or first acknowledges its output
// (a window adopting a terminal it did not open), and leaves when its connection closes;
// a terminal no viewer watches is not paused (a block run with no window open).
import { type FlowControllerOptions, FlowController, type FlowSnapshot } from './flow-controller';

export class ViewerFlow {
  private readonly viewers = new Map<string, FlowController>();
  private paused = false;
  private maxUnacked = 0;
  private readonly highWatermark: number;

  constructor(private readonly options: FlowControllerOptions) {
    // Validates the watermarks once, as the per-viewer controllers would.
    this.highWatermark = new FlowController({ highWatermark: options.highWatermark, lowWatermark: options.lowWatermark }).highWatermark;
  }

  attach(viewer: string): void {
    if (this.viewers.has(viewer)) return;
    this.viewers.set(
      viewer,
      new FlowController({
        highWatermark: this.options.highWatermark,
        lowWatermark: this.options.lowWatermark,
        onPause: () => this.update(),
        onResume: () => this.update(),
      }),
    );
  }

  detach(viewer: string): void {
    if (this.viewers.delete(viewer)) this.update();
  }

  viewerCount(): number {
    return this.viewers.size;
  }

  /** Chars just sent to every viewer. */
  sent(chars: number): void {
    for (const flow of this.viewers.values()) flow.sent(chars);
    this.maxUnacked = Math.max(this.maxUnacked, this.unacked());
  }

  ack(viewer: string, chars: number): void {
    this.attach(viewer);
    this.viewers.get(viewer)?.ack(chars);
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** The counts of the viewer furthest behind. */
  snapshot(): FlowSnapshot {
    return { unacked: this.unacked(), maxUnacked: this.maxUnacked, paused: this.paused, highWatermark: this.highWatermark };
  }

  private unacked(): number {
    let most = 0;
    for (const flow of this.viewers.values()) most = Math.max(most, flow.snapshot().unacked);
    return most;
  }

  private update(): void {
    const paused = [...this.viewers.values()].some((flow) => flow.isPaused);
    if (paused === this.paused) return;
    this.paused = paused;
    if (paused) this.options.onPause?.();
    else this.options.onResume?.();
  }
}
