// Shown while the browser host's socket is down and the transport reconnects by itself.
import { useConnectionStore } from '../transport/connection-store';

export function ConnectionBanner() {
  const status = useConnectionStore((s) => s.status);
  const attempt = useConnectionStore((s) => s.attempt);
  const detail = useConnectionStore((s) => s.detail);
  if (status === 'connected') return null;
  return (
    <div className="connection-banner" role="status" data-testid="connection-status">
      <strong>Reconnecting to the app…</strong> <span>{detail}{attempt > 1 ? ` (attempt ${attempt})` : ''}.</span>{' '}
      <span>If you restarted <code>npm run serve</code> with another data folder or port, open the new link it printed.</span>
    </div>
  );
}
