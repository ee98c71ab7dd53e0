// Keystrokes to the backend: everything typed within one microtask goes as one
// writeTerminal call, and a huge paste is split below the contract's 1,000,000-char limit.

export const INPUT_MAX_CHUNK = 65_536;

export class InputCoalescer {
  private buffer = '';
  private scheduled = false;

  constructor(
    private readonly send: (data: string) => void,
    private readonly schedule: (flush: () => void) => void = (flush) => queueMicrotask(flush),
    private readonly maxChunk: number = INPUT_MAX_CHUNK,
  ) {}

  push(data: string): void {
    if (data.length === 0) return;
    this.buffer += data;
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    const data = this.buffer;
    this.buffer = '';
    let start = 0;
    while (start < data.length) {
      let end = Math.min(data.length, start + this.maxChunk);
      // Never split a surrogate pair across two writes.
      if (end < data.length && end - start > 1 && isHighSurrogate(data.charCodeAt(end - 1))) end -= 1;
      this.send(data.slice(start, end));
      start = end;
    }
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
