// A test page for the terminal panel alone (bench and screenshots), served by the bench
// on the browser host's own origin so the app's WebSocket and cookie work unchanged.
// ?theme=light|dark forces a theme.
import '../../renderer/zod-config';
import '../../renderer/app/styles.css';
import { createRoot } from 'react-dom/client';
import { ApiContext } from '../../renderer/app/api-context';
import { connectStores } from '../../renderer/app/connect-stores';
import { TerminalPanel } from '../../renderer/features/terminals/TerminalPanel';
import { connect } from '../../renderer/transport';

const theme = new URLSearchParams(location.search).get('theme');
if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;

const container = document.getElementById('root');
if (!container) throw new Error('no #root');
const api = await connect();
connectStores(api);
createRoot(container).render(
  <ApiContext.Provider value={api}>
    <div style={{ display: 'grid', gridTemplateRows: 'auto minmax(0, 1fr)', height: '100vh' }}>
      <header style={{ padding: '0.75rem 1.25rem', borderBottom: '1px solid var(--border)', background: 'var(--bg-sidebar)' }}>
        <strong>Terminal harness</strong> <span style={{ color: 'var(--text-muted)' }}>(bench/harness: the TerminalPanel alone)</span>
      </header>
      <TerminalPanel />
    </div>
  </ApiContext.Provider>,
);
