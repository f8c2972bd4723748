// Small pieces every view uses: the current context's state, opening a trace, selection per list,
// and how a loading or failed call looks.
import type { ReactNode } from 'react';
import type { ResourceRef } from '../../../../shared/model/trace-result.js';
import { type Health, MARK } from '../components/format.js';
import { useContextView } from '../state/store.js';
import { type ContextView, openTrace, type ViewName } from '../state/view-state.js';

export interface ViewProps {
  cluster: string;
}

export function useView(cluster: string) {
  const [view, update] = useContextView(cluster);
  return {
    view,
    update,
    trace: (ref: ResourceRef) => update((s) => openTrace(s, ref, true)),
    go: (name: ViewName) => update((s) => ({ ...s, view: name })),
    selectedIn: (list: string) => view.selected[list] ?? 0,
    select: (list: string, index: number) =>
      update((s: ContextView) => ({ ...s, selected: { ...s.selected, [list]: index } })),
  };
}

export function Mark({ health, title }: { health: Health; title?: string }) {
  return (
    <span className={`mark ${health}`} title={title ?? health} role="img" aria-label={health}>
      {MARK[health]}
    </span>
  );
}

export function Loading({ what }: { what: string }) {
  return <div className="loading">Reading {what}…</div>;
}

export function Failure({ error }: { error: Error }) {
  return (
    <div className="problem" role="alert">
      {error.message}
    </div>
  );
}

export function Warnings({ warnings }: { warnings: string[] | undefined }) {
  if (!warnings?.length) return null;
  return (
    <ul className="warnings">
      {warnings.map((w) => (
        <li key={w}>⚠ {w}</li>
      ))}
    </ul>
  );
}

/** A view's heading with its key and the buttons that do what its keys do. */
export function ViewHead({ title, hint, children }: { title: string; hint?: string; children?: ReactNode }) {
  return (
    <div className="view-head">
      <h1>{title}</h1>
      {hint && <span className="hint">{hint}</span>}
      <div className="view-tools">{children}</div>
    </div>
  );
}
