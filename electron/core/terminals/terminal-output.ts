// A terminal:data event as core emits it: the batch's chunks as they came from the backend
// (output-batcher.ts), not joined. The browser host sends the parts as WebSocket fragments
// of one message, so a flood's bytes are never copied in core; `data` (the contract's one
// buffer) joins them on first read, for Electron's IPC and anyone else that needs it.
import type { ApiEvents } from '../../../common/api';
import { joinParts } from './output-batcher';

type TerminalData = ApiEvents['terminal:data'];

export class TerminalOutput implements TerminalData {
  private joined: Uint8Array | undefined;

  constructor(
    readonly terminalId: string,
    /** The output in order, views into the backend's buffers: hand them on, do not keep them. */
    readonly parts: readonly Uint8Array[],
    readonly byteLength: number,
  ) {}

  /** The output in one buffer of its own (joined once, on first read). */
  get data(): Uint8Array {
    this.joined ??= joinParts(this.parts, this.byteLength);
    return this.joined;
  }
}
