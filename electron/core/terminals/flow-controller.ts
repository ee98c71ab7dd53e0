// Per-terminal flow control (the scheme VS Code's terminal uses): count the bytes sent
// to the renderer and not yet acknowledged; pause the backend at the high watermark and
// resume it once acknowledgements bring the count below the low watermark. Pure: no
// timers, no I/O; the caller wires onPause/onResume to the backend and the batcher.
import { FLOW_HIGH_WATERMARK_BYTES, FLOW_LOW_WATERMARK_BYTES } from '../../../common/flow-control';

export interface FlowControllerOptions {
  highWatermark?: number;
  lowWatermark?: number;
  /** Called once when the count reaches the high watermark. */
  onPause?: () => void;
  /** Called once when a paused count drops below the low watermark. */
  onResume?: () => void;
}

export interface FlowSnapshot {
  unacked: number;
  maxUnacked: number;
  paused: boolean;
  highWatermark: number;
}

export class FlowController {
  readonly highWatermark: number;
  readonly lowWatermark: number;
  private unacked = 0;
  private maxUnacked = 0;
  private paused = false;
  private readonly onPause: () => void;
  private readonly onResume: () => void;

  constructor(options: FlowControllerOptions = {}) {
    this.highWatermark = options.highWatermark ?? FLOW_HIGH_WATERMARK_BYTES;
    this.lowWatermark = options.lowWatermark ?? FLOW_LOW_WATERMARK_BYTES;
    if (!(this.lowWatermark > 0 && this.lowWatermark <= this.highWatermark)) {
      throw new RangeError(`flow control needs 0 < low (${this.lowWatermark}) <= high (${this.highWatermark})`);
    }
    this.onPause = options.onPause ?? (() => {});
    this.onResume = options.onResume ?? (() => {});
  }

  /** Records bytes just handed to the renderer. */
  sent(bytes: number): void {
    if (!(bytes > 0)) return;
    this.unacked += bytes;
    if (this.unacked > this.maxUnacked) this.maxUnacked = this.unacked;
    if (!this.paused && this.unacked >= this.highWatermark) {
      this.paused = true;
      this.onPause();
    }
  }

  /** Records bytes the renderer has processed; more than outstanding clamps to zero. */
  ack(bytes: number): void {
    if (!(bytes > 0)) return;
    this.unacked = Math.max(0, this.unacked - bytes);
    if (this.paused && this.unacked < this.lowWatermark) {
      this.paused = false;
      this.onResume();
    }
  }

  get isPaused(): boolean {
    return this.paused;
  }

  snapshot(): FlowSnapshot {
    return { unacked: this.unacked, maxUnacked: this.maxUnacked, paused: this.paused, highWatermark: this.highWatermark };
  }
}
