// What the terminal manager needs from a byte stream with a far end: an SSH shell channel
// or a local pty. Flow control calls pause/resume; the manager batches onData output.
export interface TerminalBackend {
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** Stop reading from the far end (backpressure reaches the remote via the SSH window). */
  pause(): void;
  resume(): void;
  /** Output: bytes as the far end wrote them (UTF-8, possibly split inside a character), or text. */
  onData(listener: (data: Uint8Array | string) => void): void;
  /** The stream ended: the shell exited (code) or the link dropped (code null, with a reason). */
  onExit(listener: (code: number | null, reason?: string) => void): void;
  close(): void;
}

export interface TerminalSize {
  cols: number;
  rows: number;
}

/** Opens a login shell on a course host; implemented by the SSH layer. */
export interface ShellOpener {
  openShell(role: string, size: TerminalSize): Promise<TerminalBackend>;
}
