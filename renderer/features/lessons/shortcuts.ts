// Which lesson a key press asks for: Alt+ArrowDown / Alt+ArrowUp anywhere, ] / [ when
// the learner is not typing. Pure, so it is tested without a DOM.

export interface KeyPress {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  defaultPrevented: boolean;
  /** True when focus is in something that takes typed text (input, textarea, editor, terminal). */
  typing: boolean;
}

export function lessonDirection(e: KeyPress): 'next' | 'previous' | null {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey) return null;
  if (e.altKey) {
    if (e.shiftKey) return null;
    if (e.key === 'ArrowDown') return 'next';
    if (e.key === 'ArrowUp') return 'previous';
    return null;
  }
  if (e.typing) return null;
  if (e.key === ']') return 'next';
  if (e.key === '[') return 'previous';
  return null;
}

const NON_TEXT_INPUTS = new Set(['radio', 'checkbox', 'button', 'submit', 'reset', 'range', 'color']);

/** Whether a focused element takes typed text, so [ and ] belong to it. */
export function isTyping(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(target.type);
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}
