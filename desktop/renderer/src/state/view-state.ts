// What each context's screen looks like: the view, the selected row of every list, filters, the
// trace being read and the traces kept at hand. One record per context, so switching contexts and
// back finds everything where it was left (as k9s keeps a view per context).
import type { Managed, ResourceRef, Tool } from '../../../../shared/model/trace-result.js';
import type { Severity } from '../../../../shared/scan/model.js';

export type ViewName =
  | 'overview'
  | 'workloads'
  | 'deployers'
  | 'sources'
  | 'pipelines'
  | 'findings'
  | 'trace'
  | 'history';

export type WorkloadSort = 'name' | 'kind' | 'namespace' | 'tool' | 'managed' | 'health';

export interface ContextView {
  view: ViewName;
  /** Views left for a trace, so `q` goes back to where the user was. */
  back: ViewName[];
  /** Selected row per list (an index into what the list shows). */
  selected: Record<string, number>;
  workloads: { filter: string; sort: WorkloadSort; desc: boolean; tool?: Tool; managed?: Managed };
  findings: { severity?: Severity };
  pipelines: { unhealthyOnly: boolean };
  trace: {
    /** The trace on screen, and the ones it was reached from (`q` pops). */
    stack: ResourceRef[];
    recent: ResourceRef[];
    pinned: ResourceRef[];
    link: number;
    expanded: number[];
  };
  history: {
    object: string;
    cluster: string;
    picked: string[];
    open?: string;
    compare?: [string, string];
    /** Opened from a trace (`h`): the object whose deployer history is shown on top. */
    deployerOf?: ResourceRef;
  };
}

export function freshView(): ContextView {
  return {
    view: 'overview',
    back: [],
    selected: {},
    workloads: { filter: '', sort: 'name', desc: false },
    findings: {},
    pipelines: { unhealthyOnly: false },
    trace: { stack: [], recent: [], pinned: [], link: 0, expanded: [] },
    history: { object: '', cluster: '', picked: [] },
  };
}

export function refKey(ref: ResourceRef): string {
  return `${ref.kind}/${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

export function sameRef(a: ResourceRef, b: ResourceRef): boolean {
  return refKey(a) === refKey(b) && a.apiVersion === b.apiVersion;
}

const RECENT_MAX = 20;

/** Open a trace of `ref`: it goes on top of the stack and to the front of the recent list. */
export function openTrace(state: ContextView, ref: ResourceRef, fromView: boolean): ContextView {
  const back = fromView && state.view !== 'trace' ? [...state.back, state.view] : state.back;
  const stack = fromView && state.view !== 'trace' ? [ref] : [...state.trace.stack, ref];
  const recent = [ref, ...state.trace.recent.filter((r) => !sameRef(r, ref))].slice(0, RECENT_MAX);
  return { ...state, view: 'trace', back, trace: { ...state.trace, stack, recent, link: 0, expanded: [] } };
}

/** `q`: the trace before this one, else the view the trace was opened from. */
export function goBack(state: ContextView): ContextView {
  if (state.view === 'trace' && state.trace.stack.length > 1) {
    return {
      ...state,
      trace: { ...state.trace, stack: state.trace.stack.slice(0, -1), link: 0, expanded: [] },
    };
  }
  const previous = state.back.at(-1) ?? 'overview';
  return { ...state, view: previous, back: state.back.slice(0, -1) };
}

export function togglePin(state: ContextView, ref: ResourceRef): ContextView {
  const pinned = state.trace.pinned.some((r) => sameRef(r, ref))
    ? state.trace.pinned.filter((r) => !sameRef(r, ref))
    : [...state.trace.pinned, ref];
  return { ...state, trace: { ...state.trace, pinned } };
}
