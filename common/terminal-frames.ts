// Terminal output over the browser host's WebSocket: one binary message per `terminal:data`
// event, the shell's own bytes behind a small header, so neither side turns output into
// strings or JSON (xterm decodes UTF-8 itself). Everything else stays JSON text frames.
// The server sends a message as fragments (the header, then core's chunks as they came);
// the receiving WebSocket joins them, so the layout below is the whole message.
//
//   byte 0      FRAME_TERMINAL_DATA
//   byte 1      n, the terminal id's length (1–255)
//   bytes 2…    the terminal id, n ASCII bytes
//   the rest    the output
// Electron's IPC needs none of this: it carries the event's Uint8Array (joined in main).

export const FRAME_TERMINAL_DATA = 1;

/** The header of a terminal:data frame for this terminal id (ids are printable ASCII: UUIDs). */
export function terminalFrameHeader(terminalId: string): Uint8Array {
  const n = terminalId.length;
  if (n < 1 || n > 255) throw new RangeError(`a terminal id must be 1–255 chars, got ${n}`);
  const header = new Uint8Array(2 + n);
  header[0] = FRAME_TERMINAL_DATA;
  header[1] = n;
  for (let i = 0; i < n; i++) {
    const c = terminalId.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) throw new RangeError('a terminal id must be printable ASCII');
    header[2 + i] = c;
  }
  return header;
}

/** A whole frame (header and output in one buffer), for senders that need one. */
export function encodeTerminalFrame(terminalId: string, data: Uint8Array): Uint8Array {
  const header = terminalFrameHeader(terminalId);
  const frame = new Uint8Array(header.length + data.length);
  frame.set(header);
  frame.set(data, header.length);
  return frame;
}

/** The event in a frame; the output is a view into the frame (no copy). Undefined when it is not one. */
export function decodeTerminalFrame(frame: Uint8Array): { terminalId: string; data: Uint8Array } | undefined {
  if (frame.length < 3 || frame[0] !== FRAME_TERMINAL_DATA) return undefined;
  const n = frame[1]!;
  if (n === 0 || frame.length < 2 + n) return undefined;
  let terminalId = '';
  for (let i = 0; i < n; i++) {
    const c = frame[2 + i]!;
    if (c < 0x20 || c > 0x7e) return undefined;
    terminalId += String.fromCharCode(c);
  }
  return { terminalId, data: frame.subarray(2 + n) };
}
