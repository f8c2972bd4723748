// The renderer's entry: the token handed in the URL is adopted first (browser mode), then the app
// mounts with one query client for every cluster's data.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { adoptToken } from './api/client.js';
import { App } from './app/App.js';
import { AgeProvider } from './app/data-age.js';
import { StoreProvider } from './state/store.js';
import './styles.css';

adoptToken();

const client = new QueryClient({
  defaultOptions: {
    queries: {
      // A failed read is shown with its reason at once; the next background refresh tries again.
      retry: false,
      refetchOnWindowFocus: false,
      staleTime: 5_000,
    },
  },
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={client}>
        <StoreProvider>
          <AgeProvider>
            <App />
          </AgeProvider>
        </StoreProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
