import { describe, expect, it } from 'vitest';
import { FRAME_TERMINAL_DATA, decodeTerminalFrame, encodeTerminalFrame, terminalFrameHeader } from './terminal-frames';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('terminal frames', () => {
  it('carry a terminal id and its output bytes unchanged, the output a view into the frame', () => {
    const id = '0b8e6f3c-6c2a-4f7e-9d7b-2f1f4f0e9a11';
    const output = bytes('ls → café 😀\r\n');
    const frame = encodeTerminalFrame(id, output);
    expect(frame.length).toBe(2 + id.length + output.length);
    expect(frame[0]).toBe(FRAME_TERMINAL_DATA);
    const event = decodeTerminalFrame(frame)!;
    expect(event.terminalId).toBe(id);
    expect(event.data).toEqual(output);
    expect(event.data.buffer).toBe(frame.buffer);
  });

  it('carry empty output and a one-char id', () => {
    expect(decodeTerminalFrame(encodeTerminalFrame('t', new Uint8Array(0)))).toEqual({ terminalId: 't', data: new Uint8Array(0) });
  });

  it('refuse ids a header cannot hold', () => {
    expect(() => terminalFrameHeader('')).toThrow(RangeError);
    expect(() => terminalFrameHeader('x'.repeat(256))).toThrow(RangeError);
    expect(() => terminalFrameHeader('tab\there')).toThrow(RangeError);
    expect(() => terminalFrameHeader('é')).toThrow(RangeError);
    expect(terminalFrameHeader('x'.repeat(255))).toHaveLength(257);
  });

  it('decode nothing from frames that are not theirs or are cut short', () => {
    expect(decodeTerminalFrame(new Uint8Array(0))).toBeUndefined();
    expect(decodeTerminalFrame(Uint8Array.of(2, 1, 0x74, 0x41))).toBeUndefined(); // another kind
    expect(decodeTerminalFrame(Uint8Array.of(FRAME_TERMINAL_DATA, 0, 0x41))).toBeUndefined(); // no id
    expect(decodeTerminalFrame(Uint8Array.of(FRAME_TERMINAL_DATA, 5, 0x74, 0x74))).toBeUndefined(); // id cut short
    expect(decodeTerminalFrame(Uint8Array.of(FRAME_TERMINAL_DATA, 1, 0x0a, 0x41))).toBeUndefined(); // control char in the id
    expect(decodeTerminalFrame(Uint8Array.of(FRAME_TERMINAL_DATA, 1, 0x74))).toEqual({ terminalId: 't', data: new Uint8Array(0) });
  });
});
