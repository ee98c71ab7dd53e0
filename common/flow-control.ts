// Terminal flow control, with the numbers VS Code's terminal uses: the backend pauses a
// stream once this many chars are unacknowledged and resumes below the low watermark;
// the renderer acknowledges in chunks no larger than the low watermark (or it would
// never resume).
export const FLOW_HIGH_WATERMARK_CHARS = 100_000;
export const FLOW_LOW_WATERMARK_CHARS = 5_000;
export const FLOW_ACK_CHARS = 5_000;
/** Output is coalesced for about one frame before crossing IPC or WebSocket. */
export const OUTPUT_BATCH_MS = 16;
