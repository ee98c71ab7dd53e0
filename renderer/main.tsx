// Entry: connect to core through whichever host we run in, then draw the app.
import './zod-config';
import './app/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { Connecting } from './app/Connecting';
import { ConnectionError } from './app/ConnectionError';
import { ApiContext } from './app/api-context';
import { connectStores } from './app/connect-stores';
import { errorMessage } from './app/errors';
import { connect } from './transport';

async function start(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html has no #root');
  const root = createRoot(container);
  root.render(<Connecting />);

  let api;
  try {
    api = await connect();
  } catch (err) {
    root.render(<ConnectionError message={errorMessage(err)} />);
    return;
  }
  connectStores(api);
  root.render(
    <StrictMode>
      <ApiContext.Provider value={api}>
        <App />
      </ApiContext.Provider>
    </StrictMode>,
  );
}

void start();
