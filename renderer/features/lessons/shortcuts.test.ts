import { describe, expect, it } from 'vitest';
import { type KeyPress, isTyping, lessonDirection } from './shortcuts';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  defaultPrevented: false,
  typing: false,
  ...extra,
});

describe('lessonDirection', () => {
  it('maps Alt+ArrowDown/Up to next/previous, even while typing', () => {
    expect(lessonDirection(press('ArrowDown', { altKey: true }))).toBe('next');
    expect(lessonDirection(press('ArrowUp', { altKey: true, typing: true }))).toBe('previous');
  });

  it('ignores plain arrows (the lesson list and scrolling use them)', () => {
    expect(lessonDirection(press('ArrowDown'))).toBeNull();
    expect(lessonDirection(press('ArrowUp'))).toBeNull();
  });

  it('maps ] and [ outside text fields', () => {
    expect(lessonDirection(press(']'))).toBe('next');
    expect(lessonDirection(press('['))).toBe('previous');
    expect(lessonDirection(press(']', { typing: true }))).toBeNull();
  });

  it('leaves combinations with Ctrl, Meta, Alt+Shift or Alt+[ to others', () => {
    expect(lessonDirection(press(']', { ctrlKey: true }))).toBeNull();
    expect(lessonDirection(press('[', { metaKey: true }))).toBeNull();
    expect(lessonDirection(press('ArrowDown', { altKey: true, shiftKey: true }))).toBeNull();
    expect(lessonDirection(press(']', { altKey: true }))).toBeNull();
  });

  it('respects a handler that already took the key', () => {
    expect(lessonDirection(press(']', { defaultPrevented: true }))).toBeNull();
  });
});

describe('isTyping', () => {
  it('is false without a DOM element', () => {
    expect(isTyping(null)).toBe(false);
  });
});
