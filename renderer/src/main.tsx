import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiContext } from './api/api-context';
import { findBridge } from './api/bridge';
import { createApiClient } from './api/client';
import { App } from './app/App';
import { MissingBridge } from './app/MissingBridge';
import './styles/theme.css';
import './styles/base.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html lacks #root');

const bridge = findBridge();
const client = bridge && createApiClient(bridge);
createRoot(container).render(
  <StrictMode>
    {client ? (
      <ApiContext.Provider value={client}>
        <App />
      </ApiContext.Provider>
    ) : (
      <MissingBridge />
    )}
  </StrictMode>,
);
