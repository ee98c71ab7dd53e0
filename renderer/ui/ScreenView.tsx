// A screen that replaces the lesson in the main column (Hosts, cluster map): scrolls to the
// top and, when asked to, focuses its title; a "Back to the lesson" link above the title.
import { type ReactNode, useEffect, useRef } from 'react';
import { ArrowLeftIcon } from './icons';

interface Props {
  /** The <main>'s id; the title's is `${name}-title`. */
  name: string;
  testId: string;
  className: string;
  titleClassName: string;
  title: ReactNode;
  /** Counter: each increase moves focus to the title. */
  focusRequest: number;
  onBack(): void;
  children: ReactNode;
}

export function ScreenView({ name, testId, className, titleClassName, title, focusRequest, onBack, children }: Props) {
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    mainRef.current?.scrollTo({ top: 0 });
    if (focusRequest > 0) document.getElementById(`${name}-title`)?.focus({ preventScroll: true });
  }, [focusRequest, name]);

  return (
    <main id={`${name}-content`} className="main" data-testid={testId} tabIndex={-1} ref={mainRef}>
      <div className={`main__inner ${className}`}>
        <button type="button" className="link-button hosts__back" onClick={onBack}>
          <ArrowLeftIcon />
          Back to the lesson
        </button>
        <h1 id={`${name}-title`} className={titleClassName} tabIndex={-1}>
          {title}
        </h1>
        {children}
      </div>
    </main>
  );
}
