// Milliseconds since `startedAt`, refreshed every second while `ticking`.
import { useNow } from '../../ui/useNow';

export function useElapsed(startedAt: number | undefined, ticking: boolean): number {
  const now = useNow(ticking, startedAt);
  return startedAt === undefined ? 0 : Math.max(0, now - startedAt);
}
