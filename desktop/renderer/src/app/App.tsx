// The window: clusters on the left, the views of the selected cluster on the right with a button
// per view (and its key), and a status bar that always says how old the data is.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { refreshCluster, useClusters } from '../api/queries.js';
import { ALL_CONTEXTS, useStore } from '../state/store.js';
import type { ViewName } from '../state/view-state.js';
import { AllContexts } from '../views/AllContexts.js';
import { Deployers, Sources } from '../views/Deployers.js';
import { Findings } from '../views/Findings.js';
import { History } from '../views/History.js';
import { Overview } from '../views/Overview.js';
import { Pipelines } from '../views/Pipelines.js';
import { TraceView } from '../views/Trace.js';
import { Workloads } from '../views/Workloads.js';
import { ContextSidebar } from './ContextSidebar.js';
import { HelpDialog } from './HelpDialog.js';
import { KEY_LAYER, useKeys } from './keys.js';
import { StatusBar } from './StatusBar.js';

export const VIEWS: { name: ViewName; key: string; label: string }[] = [
  { name: 'overview', key: 'o', label: 'Overview' },
  { name: 'workloads', key: 'w', label: 'Workloads' },
  { name: 'deployers', key: 'd', label: 'Deployers' },
  { name: 'sources', key: 's', label: 'Sources' },
  { name: 'pipelines', key: 'i', label: 'Pipelines' },
  { name: 'findings', key: 'f', label: 'Findings' },
  { name: 'trace', key: 't', label: 'Trace' },
  { name: 'history', key: 'H', label: 'History' },
];

export function App() {
  const { cluster, setCluster, viewOf, update, help, setHelp, say } = useStore();
  const clusters = useClusters();
  const client = useQueryClient();
  const lastCluster = useRef<string | undefined>(undefined);

  // Start on the default cluster (the current context, or the one named at start).
  useEffect(() => {
    const list = clusters.data?.clusters;
    if (cluster === undefined && list?.length)
      setCluster((list.find((c) => c.isDefault) ?? list[0])?.name ?? '');
  }, [cluster, clusters.data, setCluster]);
  if (cluster && cluster !== ALL_CONTEXTS) lastCluster.current = cluster;

  const show = (name: ViewName) => {
    const target = cluster === ALL_CONTEXTS ? lastCluster.current : cluster;
    if (!target) return;
    if (target !== cluster) setCluster(target);
    update(target, (s) => (s.view === name ? s : { ...s, view: name, back: [] }));
  };
  const refresh = () => {
    if (cluster === ALL_CONTEXTS) {
      void client.invalidateQueries();
      say('reading every context again');
    } else if (cluster) {
      refreshCluster(client, cluster).then(
        () => say(`read ${cluster} again`),
        (e: Error) => say(e.message),
      );
    }
  };

  useKeys((event) => {
    if (event.key === '?') {
      setHelp(!help);
      return true;
    }
    if (event.key === 'r') {
      refresh();
      return true;
    }
    const view = VIEWS.find((v) => v.key === event.key);
    if (view) {
      show(view.name);
      return true;
    }
    return false;
  }, KEY_LAYER.global);

  const current = cluster && cluster !== ALL_CONTEXTS ? viewOf(cluster).view : undefined;
  return (
    <div className="app">
      <ContextSidebar />
      <main className="main">
        <nav className="nav" aria-label="Views">
          {VIEWS.map((v) => (
            <button
              type="button"
              key={v.name}
              className={current === v.name ? 'on' : ''}
              aria-current={current === v.name ? 'page' : undefined}
              onClick={() => show(v.name)}
              data-testid={`nav-${v.name}`}
            >
              {v.label} <kbd>{v.key}</kbd>
            </button>
          ))}
          <span className="spacer" />
          <button type="button" onClick={() => setHelp(true)} aria-label="Keys">
            Keys <kbd>?</kbd>
          </button>
        </nav>
        <section
          className="view"
          data-testid={`view-${cluster === ALL_CONTEXTS ? 'all' : (current ?? 'none')}`}
        >
          {cluster === ALL_CONTEXTS ? (
            <AllContexts />
          ) : cluster ? (
            <CurrentView cluster={cluster} view={current ?? 'overview'} key={cluster} />
          ) : clusters.error ? (
            <div className="problem">{clusters.error.message}</div>
          ) : (
            <div className="loading">Reading the clusters…</div>
          )}
        </section>
        <StatusBar cluster={cluster === ALL_CONTEXTS ? 'All contexts' : cluster} onRefresh={refresh} />
      </main>
      {help && <HelpDialog onClose={() => setHelp(false)} />}
    </div>
  );
}

function CurrentView({ cluster, view }: { cluster: string; view: ViewName }) {
  switch (view) {
    case 'overview':
      return <Overview cluster={cluster} />;
    case 'workloads':
      return <Workloads cluster={cluster} />;
    case 'deployers':
      return <Deployers cluster={cluster} />;
    case 'sources':
      return <Sources cluster={cluster} />;
    case 'pipelines':
      return <Pipelines cluster={cluster} />;
    case 'findings':
      return <Findings cluster={cluster} />;
    case 'trace':
      return <TraceView cluster={cluster} />;
    case 'history':
      return <History cluster={cluster} />;
  }
}
