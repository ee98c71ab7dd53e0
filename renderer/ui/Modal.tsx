// The one modal dialog frame: a backdrop, role="dialog" labelled by its title, focus moved
// to `initialFocus` on open and kept inside (Tab / Shift+Tab cycle), Escape → onCancel, and
// focus given back when it closes.
import { type HTMLAttributes, type KeyboardEvent, type ReactNode, type RefObject, useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

interface Props extends Omit<HTMLAttributes<HTMLDivElement>, 'role' | 'aria-modal' | 'onKeyDown'> {
  /** Id of the dialog's title. */
  labelledBy: string;
  /** Gets focus when the dialog opens. */
  initialFocus: RefObject<HTMLElement | null>;
  /** Escape, and with `backdropCancels` a press on the backdrop. */
  onCancel(): void;
  children: ReactNode;
  backdropClassName?: string;
  backdropCancels?: boolean;
  /** Render into document.body instead of in place. */
  portal?: boolean;
  /** False lets focus leave (and drops aria-modal), e.g. while the dialog steps aside. */
  trapFocus?: boolean;
  /**
   * Without it, focus goes back to whatever had it when the dialog opened. With it, focus
   * goes there on close, but only if it was lost (on the body or in the closed dialog).
   */
  returnFocus?: RefObject<HTMLElement | null>;
  dialogRef?: RefObject<HTMLDivElement | null>;
}

export function Modal({
  labelledBy,
  initialFocus,
  onCancel,
  children,
  backdropClassName = 'modal-backdrop',
  backdropCancels = false,
  portal = false,
  trapFocus = true,
  returnFocus,
  dialogRef: outerRef,
  ...dialogProps
}: Props) {
  const ownRef = useRef<HTMLDivElement>(null);
  const dialogRef = outerRef ?? ownRef;

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    initialFocus.current?.focus();
    const dialog = dialogRef.current;
    return () => {
      if (!returnFocus) {
        if (previous?.isConnected) previous.focus({ preventScroll: true });
        return;
      }
      const active = document.activeElement;
      const lost = !active || active === document.body || (dialog?.contains(active) ?? false);
      if (lost && returnFocus.current?.isConnected) returnFocus.current.focus({ preventScroll: true });
    };
    // Once per opening: the refs are stable.
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
      return;
    }
    const dialog = dialogRef.current;
    if (!trapFocus || e.key !== 'Tab' || !dialog) return;
    const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    const outside = !dialog.contains(document.activeElement);
    if (e.shiftKey && (document.activeElement === first || outside)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (document.activeElement === last || outside)) {
      e.preventDefault();
      first.focus();
    }
  };

  const modal = (
    <div className={backdropClassName} onMouseDown={backdropCancels ? (e) => e.target === e.currentTarget && onCancel() : undefined}>
      <div ref={dialogRef} role="dialog" aria-modal={trapFocus ? true : undefined} aria-labelledby={labelledBy} onKeyDown={onKeyDown} {...dialogProps}>
        {children}
      </div>
    </div>
  );
  return portal ? createPortal(modal, document.body) : modal;
}
