// The bar between the lesson and the terminal pane: drag it, or focus it and use the
// arrow keys (Shift for bigger steps), Home/End; a double click restores the default.
import { type KeyboardEvent, type PointerEvent, useRef } from 'react';
import { TERMINAL_SIZE, useUiStore } from './ui-store';

const STEP = 24;
/** Room always left for the lesson. */
const MIN_MAIN = { bottom: 160, right: 320 } as const;

export function PaneSplitter({ placement, size }: { placement: 'bottom' | 'right'; size: number }) {
  const setSize = useUiStore((s) => s.setTerminalSize);
  const ref = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);

  const maxSize = () => {
    const box = ref.current?.parentElement?.getBoundingClientRect();
    if (!box) return size;
    return Math.max(TERMINAL_SIZE[placement].min, (placement === 'bottom' ? box.height : box.width) - MIN_MAIN[placement]);
  };
  const apply = (next: number) => setSize(placement, Math.min(next, maxSize()));

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    dragging.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!dragging.current) return;
    const box = ref.current?.parentElement?.getBoundingClientRect();
    if (!box) return;
    apply(placement === 'bottom' ? box.bottom - e.clientY : box.right - e.clientX);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    dragging.current = false;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? STEP * 4 : STEP;
    // The pane grows towards the lesson: up for a bottom pane, left for a right one.
    const grow = placement === 'bottom' ? 'ArrowUp' : 'ArrowLeft';
    const shrink = placement === 'bottom' ? 'ArrowDown' : 'ArrowRight';
    if (e.key === grow) apply(size + step);
    else if (e.key === shrink) apply(size - step);
    else if (e.key === 'Home') apply(TERMINAL_SIZE[placement].min);
    else if (e.key === 'End') apply(maxSize());
    else return;
    e.preventDefault();
  };

  return (
    <div
      ref={ref}
      className={`splitter splitter--${placement}`}
      role="separator"
      tabIndex={0}
      aria-orientation={placement === 'bottom' ? 'horizontal' : 'vertical'}
      aria-label="Resize the terminal pane"
      aria-valuemin={TERMINAL_SIZE[placement].min}
      aria-valuenow={size}
      data-testid="terminal-splitter"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={() => apply(TERMINAL_SIZE[placement].initial)}
      onKeyDown={onKeyDown}
    />
  );
}
