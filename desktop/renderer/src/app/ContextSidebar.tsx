// Every cluster the app may read, each with its own reachability and count of broken pipelines.
// The probes run in parallel under a bound and answer one by one: a context that does not answer
// shows why when its probe gives up, and never holds up the others. `[` and `]` step through the
// contexts, `a` opens the All contexts table.
import { useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, useRef, useState } from 'react';
import { call, type Res } from '../api/client.js';
import { useClusterStatuses, useClusters } from '../api/queries.js';
import { ALL_CONTEXTS, useStore } from '../state/store.js';
import { KEY_LAYER, useKeys } from './keys.js';

type Status = Res<'clusterStatus'>;
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export function ContextSidebar() {
  const { cluster, setCluster, say } = useStore();
  const clusters = useClusters();
  const entries = clusters.data?.clusters ?? [];
  const statuses = useClusterStatuses(entries.map((c) => c.name));
  const [search, setSearch] = useState('');
  const shown = entries.filter((c) => c.name.toLowerCase().includes(search.toLowerCase()));
  const client = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);

  useKeys((event) => {
    if (event.key === 'a') {
      setCluster(ALL_CONTEXTS);
      return true;
    }
    if (event.key === ']' || event.key === '[') {
      const names = [ALL_CONTEXTS, ...shown.map((c) => c.name)];
      const at = Math.max(0, names.indexOf(cluster ?? ''));
      const next = names[(at + (event.key === ']' ? 1 : names.length - 1)) % names.length];
      if (next) setCluster(next);
      return true;
    }
    return false;
  }, KEY_LAYER.global);

  const added = async (entry: { name: string } | undefined) => {
    if (!entry) return;
    await client.invalidateQueries({ queryKey: ['\u0000global', 'clusters'] });
    setCluster(entry.name);
    say(`opened ${entry.name}`);
  };

  const openSnapshot = async () => {
    try {
      const answer = await call('openSnapshot', {});
      await added(answer.cluster);
    } catch {
      // Browser mode: the page reads the file and hands the content over; it names no path.
      fileInput.current?.click();
    }
  };

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (file.size > MAX_UPLOAD_BYTES) {
      say(`${file.name} is larger than 50 MB`);
      return;
    }
    try {
      const answer = await call('uploadSnapshot', { name: file.name, content: await file.text() });
      await added(answer.cluster);
    } catch (e) {
      say((e as Error).message);
    }
  };

  return (
    <nav className="contexts" aria-label="Clusters">
      <div className="brand">cub-scout</div>
      <button
        type="button"
        className={`context all${cluster === ALL_CONTEXTS ? ' current' : ''}`}
        onClick={() => setCluster(ALL_CONTEXTS)}
        data-testid="context-all"
      >
        <span className="context-name">All contexts</span>
        <span className="context-state">broken pipelines everywhere · a</span>
      </button>
      {entries.length > 6 && (
        <input
          className="context-search"
          placeholder="search contexts"
          aria-label="Search contexts"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      )}
      {clusters.error && <div className="problem">{clusters.error.message}</div>}
      {clusters.data?.kubeconfigProblem && (
        <div
          className="context-note"
          title={clusters.data.kubeconfigProblem}
          data-testid="kubeconfig-problem"
        >
          ⚠ {clusters.data.kubeconfigProblem.split(';')[0]}
        </div>
      )}
      <ul>
        {shown.map((entry) => {
          const probe = statuses[entries.indexOf(entry)];
          return (
            <li key={entry.name}>
              <button
                type="button"
                className={`context${cluster === entry.name ? ' current' : ''}`}
                onClick={() => setCluster(entry.name)}
                data-testid={`context-${entry.name}`}
                data-state={probe?.data ? stateOf(probe.data) : probe?.error ? 'error' : 'checking'}
              >
                <span className="context-name">
                  {entry.name}
                  {entry.kind !== 'context' && <span className="tag">{entry.kind}</span>}
                  {entry.isDefault && <span className="tag">default</span>}
                </span>
                <ContextState status={probe?.data} error={probe?.error ?? null} />
              </button>
            </li>
          );
        })}
      </ul>
      <div className="contexts-foot">
        {entries.length} clusters
        <button type="button" className="link" onClick={openSnapshot}>
          Open snapshot…
        </button>
        <input ref={fileInput} type="file" hidden accept=".yaml,.yml,.json" onChange={upload} />
      </div>
    </nav>
  );
}

function stateOf(status: Status): string {
  if (status.reachable === false) return 'unreachable';
  if (status.problem) return 'problem';
  return (status.brokenPipelines ?? 0) > 0 ? 'broken' : 'ok';
}

function ContextState({ status, error }: { status: Status | undefined; error: Error | null }) {
  if (error) return <span className="context-state fail">✗ {error.message}</span>;
  if (!status) return <span className="context-state muted">checking…</span>;
  if (status.reachable === false || (status.problem && status.reachable !== true))
    return (
      <span className="context-state fail" title={status.problem}>
        ✗ {status.problem ?? 'unreachable'}
      </span>
    );
  const broken = status.brokenPipelines ?? 0;
  const critical = status.criticalFindings ?? 0;
  return (
    <span className={`context-state ${broken > 0 ? 'fail' : 'ok'}`}>
      {broken > 0 ? `✗ ${broken} broken` : '✓ healthy'}
      {critical > 0 ? ` · ${critical} critical` : ''}
      {status.version ? ` · ${status.version}` : ''}
      {status.problem ? ` · ${status.problem}` : ''}
    </span>
  );
}
