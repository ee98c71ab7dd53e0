// Milliseconds since `startedAt`, refreshed every second while `ticking`.
import { useEffect, useState } from 'react';

export function useElapsed(startedAt: number | undefined, ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking, startedAt]);
  return startedAt === undefined ? 0 : Math.max(0, now - startedAt);
}
