// `t`: the trace of an object: its chain from the origin down, drawn like the CLI. ↑/↓ move
// between links, Enter expands one (message, URL, path, revision, evidence), `t` traces the
// selected link's own object, `p` pins the trace, `r` traces again from a fresh read, `q` goes
// back. `d`, `l`, `h` open the diff, logs and history of the selected object where the app has
// them (capabilities), and otherwise say so: `d` opens the diff below the chain (q closes it), `l`
// the logs of the selected link's pods below the chain (`l` again closes them), `h` the history
// view with the deployer's own history on top. Recent and pinned traces sit on the left.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ResourceRef } from '../../../../shared/model/trace-result.js';
import { call, type Res } from '../api/client.js';
import { useCapabilities } from '../api/queries.js';
import { useReportAge } from '../app/data-age.js';
import { KEY_LAYER, moveSelection, useKeys } from '../app/keys.js';
import { refText } from '../components/format.js';
import { LogsPanel } from '../components/LogsPanel.js';
import { TraceChain } from '../components/TraceChain.js';
import { useStore } from '../state/store.js';
import { goBack, openTrace, refKey, sameRef, togglePin } from '../state/view-state.js';
import { Failure, Loading, useView, ViewHead, type ViewProps } from './common.js';
import { DiffPanel } from './Drill.js';

type Traced = Res<'trace'>;

export function traceQueryKey(cluster: string, ref: ResourceRef) {
  return [cluster, 'trace', refKey(ref), ref.apiVersion];
}

export function TraceView({ cluster }: ViewProps) {
  const { view, update } = useView(cluster);
  const { say } = useStore();
  const client = useQueryClient();
  const capabilities = useCapabilities().data;
  /** `l`: whose logs are open below the chain (the selected link's when opened). */
  const [logsOf, setLogsOf] = useState<ResourceRef | undefined>(undefined);
  const t = view.trace;
  /** The object whose diff is open below the chain (`d`); q closes it. */
  const [diffOf, setDiffOf] = useState<ResourceRef | undefined>(undefined);
  const ref = t.stack.at(-1);
  const query = useQuery<Traced>({
    queryKey: ref ? traceQueryKey(cluster, ref) : [cluster, 'trace', 'none'],
    queryFn: () => call('trace', { cluster, ref: ref as ResourceRef }),
    enabled: !!ref,
    // Every trace is saved to the history: trace again only when asked (`r`), never behind the
    // user's back.
    staleTime: Number.POSITIVE_INFINITY,
  });
  useReportAge(query, undefined);
  const result = query.data?.result;
  const links = result?.chain ?? [];
  const selectedLink = Math.min(t.link, Math.max(0, links.length - 1));
  const setTrace = (change: Partial<typeof t>) => update((s) => ({ ...s, trace: { ...s.trace, ...change } }));

  const refresh = async () => {
    if (!ref) return;
    try {
      const fresh = await call('trace', { cluster, ref, refresh: true });
      client.setQueryData(traceQueryKey(cluster, ref), fresh);
      say(`traced ${refText(ref)} again`);
    } catch (e) {
      say((e as Error).message);
    }
  };
  const toggle = (i: number) =>
    setTrace({ expanded: t.expanded.includes(i) ? t.expanded.filter((x) => x !== i) : [...t.expanded, i] });
  const linkRef = (): ResourceRef | undefined => {
    const link = links[selectedLink];
    if (!link) return undefined;
    return {
      apiVersion: link.apiVersion,
      kind: link.kind,
      name: link.name,
      ...(link.namespace ? { namespace: link.namespace } : {}),
    };
  };
  const drill = (what: 'diff' | 'logs' | 'history') => {
    const target = linkRef();
    if (what === 'history' && capabilities?.drilldowns.history && target) {
      update((s) => ({
        ...s,
        back: [...s.back, 'trace'],
        view: 'history',
        history: {
          ...s.history,
          object: `${target.kind}/${target.name}`,
          cluster,
          open: undefined,
          compare: undefined,
          deployerOf: target,
        },
      }));
      return;
    }
    if (what === 'diff' && capabilities?.drilldowns.diff && target) {
      setDiffOf(target);
      return;
    }
    if (what === 'logs' && capabilities?.drilldowns.logs && target) {
      setLogsOf(logsOf && sameRef(logsOf, target) ? undefined : target);
      return;
    }
    if (capabilities?.drilldowns[what]) say(`${what} opens from the ${what} view`);
    else say(`${what} of ${target ? refText(target) : 'this object'} is not available yet`);
  };

  useKeys((event) => {
    const next = moveSelection(event, selectedLink, links.length);
    if (next !== null) {
      setTrace({ link: next });
      return true;
    }
    switch (event.key) {
      case 'Enter':
        toggle(selectedLink);
        return true;
      case 'r':
        void refresh();
        return true;
      case 'q':
      case 'Escape':
        if (diffOf) setDiffOf(undefined);
        else update(goBack);
        return true;
      case 't': {
        const target = linkRef();
        if (target) update((s) => openTrace(s, target, false));
        return true;
      }
      case 'p':
        if (ref) {
          update((s) => togglePin(s, ref));
          say(t.pinned.some((r) => sameRef(r, ref)) ? 'unpinned' : 'pinned');
        }
        return true;
      case 'd':
        drill('diff');
        return true;
      case 'l':
        drill('logs');
        return true;
      case 'h':
        drill('history');
        return true;
      default:
        return false;
    }
  }, KEY_LAYER.view);

  const pinned = !!ref && t.pinned.some((r) => sameRef(r, ref));
  return (
    <div className="trace-view">
      <aside className="trace-side" aria-label="Traces at hand">
        <TraceShelf
          title="Pinned"
          refs={t.pinned}
          current={ref}
          onOpen={(r) => update((s) => openTrace(s, r, false))}
          testId="pinned"
        />
        <TraceShelf
          title="Recent"
          refs={t.recent}
          current={ref}
          onOpen={(r) => update((s) => openTrace(s, r, false))}
          testId="recent"
        />
      </aside>
      <section className="trace-main">
        <ViewHead
          title={ref ? refText(ref) : 'Trace'}
          hint={query.data?.recordId ? 'saved to history' : undefined}
        >
          <button type="button" onClick={() => update(goBack)}>
            Back (q)
          </button>
          <button type="button" onClick={() => void refresh()} disabled={!ref}>
            Refresh (r)
          </button>
          <button
            type="button"
            onClick={() => {
              const target = linkRef();
              if (target) update((s) => openTrace(s, target, false));
            }}
            disabled={!result}
          >
            Trace link (t)
          </button>
          <button
            type="button"
            onClick={() => ref && update((s) => togglePin(s, ref))}
            disabled={!ref}
            aria-pressed={pinned}
          >
            {pinned ? 'Unpin (p)' : 'Pin (p)'}
          </button>
          <button type="button" onClick={() => drill('diff')} disabled={!result}>
            Diff (d)
          </button>
          <button type="button" onClick={() => drill('logs')} disabled={!result}>
            Logs (l)
          </button>
          <button type="button" onClick={() => drill('history')} disabled={!result}>
            History (h)
          </button>
          <button
            type="button"
            disabled={!query.data}
            onClick={() =>
              query.data &&
              navigator.clipboard.writeText(query.data.text).then(
                () => say('copied the text trace'),
                () => say('the clipboard is not available'),
              )
            }
          >
            Copy text
          </button>
        </ViewHead>
        {!ref ? (
          <div className="empty">
            Select a row in any view and press <kbd>t</kbd>, or open a recent trace.
          </div>
        ) : query.error && !query.data ? (
          <Failure error={query.error} />
        ) : !result ? (
          <Loading what={`the chain of ${refText(ref)}`} />
        ) : (
          <TraceChain
            result={result}
            selected={selectedLink}
            expanded={t.expanded}
            onSelect={(i) => setTrace({ link: i })}
            onToggle={toggle}
            events={query.data?.events}
          />
        )}
        {diffOf && <DiffPanel cluster={cluster} target={diffOf} onClose={() => setDiffOf(undefined)} />}
        {logsOf && <LogsPanel cluster={cluster} target={logsOf} previous={false} />}
      </section>
    </div>
  );
}

function TraceShelf({
  title,
  refs,
  current,
  onOpen,
  testId,
}: {
  title: string;
  refs: ResourceRef[];
  current: ResourceRef | undefined;
  onOpen(ref: ResourceRef): void;
  testId: string;
}) {
  return (
    <div className="shelf" data-testid={`trace-${testId}`}>
      <h2>{title}</h2>
      {refs.length === 0 ? (
        <div className="muted small">
          {title === 'Pinned' ? 'p pins the trace on screen' : 'nothing traced yet'}
        </div>
      ) : (
        <ul>
          {refs.map((r) => (
            <li key={`${refKey(r)}/${r.apiVersion}`}>
              <button
                type="button"
                className={`link${current && sameRef(r, current) ? ' current' : ''}`}
                onClick={() => onOpen(r)}
              >
                {refText(r)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
