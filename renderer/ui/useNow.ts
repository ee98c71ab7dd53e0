// The time, refreshed every second while `ticking` (for "reconnecting in N s", elapsed
// times). A change of `restartOn` reads the clock at once and restarts the second ticks.
import { useEffect, useState } from 'react';

export function useNow(ticking: boolean, restartOn?: unknown): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking, restartOn]);
  return now;
}
