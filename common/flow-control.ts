// Terminal flow control (VS Code's scheme, with larger numbers), counted in bytes of
// output (UTF-8, as the shell wrote it): the backend pauses a stream once this many bytes
// are unacknowledged and resumes below the low watermark; the renderer acknowledges in
// chunks no larger than the low watermark (or it would never resume).
//
// Why these sizes (docs/benchmarks.md, terminalThroughput): xterm parses about 1 MB in
// 25 ms, while each frame the page draws during a flood costs 20–60 ms (with WebGL on a
// software GPU, mostly the synchronous read-back of the canvas). At VS Code's 100,000 /
// 5,000 the page ran dry after every frame: core waited for the acknowledgement, the
// renderer for the next batch, and a frame's parsing got 100,000 chars at most. Resuming
// at half the high watermark keeps ~0.5 MB queued in xterm while the acknowledgement
// travels, so the pipe never drains. Ctrl+C still stops a flood within about one
// watermark of output (xterm's write buffer holds what was sent).
export const FLOW_HIGH_WATERMARK_BYTES = 1_000_000;
export const FLOW_LOW_WATERMARK_BYTES = 500_000;
export const FLOW_ACK_BYTES = 5_000;
/** Output is coalesced for about one frame before crossing IPC or WebSocket. */
export const OUTPUT_BATCH_MS = 16;
