// The clusters a long-lived face (the MCP server, the desktop app, `cub-scout ui`) may read, fixed
// when it starts: the kubeconfig's contexts, the demo, and snapshots named on its command line. The
// desktop adds the snapshots a user opens through its own file dialog (or uploads in browser mode).
// Callers select a cluster by name and never name a file: a path in a request would let any caller
// probe or read the disk.
import { clip } from './errors/clip.js';
import { badInput, CubScoutError, isCubScoutError, oneLine } from './errors/index.js';
import { contextNames } from './reader/kubeconfig-files.js';
import type { ClusterOptions } from './reader/open.js';

export type ClusterKind = 'context' | 'demo' | 'snapshot';

export interface ClusterEntry {
  /** What callers pass to select it: the context name, `demo`, or the snapshot's file name. */
  name: string;
  kind: ClusterKind;
  /** How the engine opens it. Faces never return these options to callers. */
  options: ClusterOptions;
}

export interface CatalogStartOptions {
  kubeconfig?: string;
  /** The default context (else the kubeconfig's current one). */
  context?: string;
  demo?: boolean;
  /** Snapshot files or directories, each a named cluster. */
  snapshots?: string[];
  /** Leave the kubeconfig's contexts out (a face started for snapshots only). */
  noContexts?: boolean;
}

export const DEMO_CLUSTER = 'demo';

export class ClusterCatalog {
  private readonly entries = new Map<string, ClusterEntry>();
  /** Why the kubeconfig's contexts are not listed, when it could not be read. */
  readonly kubeconfigProblem: string | undefined;
  private defaultName: string | undefined;

  constructor(readonly start: CatalogStartOptions = {}) {
    let problem: string | undefined;
    let current: string | undefined;
    if (!start.noContexts) {
      try {
        // Names only (no Kubernetes client): a server for the demo or snapshots starts fast.
        for (const c of contextNames(start.kubeconfig ? { kubeconfig: start.kubeconfig } : {})) {
          const options: ClusterOptions = { context: c.name };
          if (start.kubeconfig) options.kubeconfig = start.kubeconfig;
          this.entries.set(c.name, { name: c.name, kind: 'context', options });
          if (c.current) current = c.name;
        }
      } catch (e) {
        // "No kubeconfig" is no problem for a server given the demo or snapshots to read.
        const others = start.demo || (start.snapshots?.length ?? 0) > 0;
        problem =
          others && !start.kubeconfig && isCubScoutError(e) && e.code === 'no-cluster'
            ? undefined
            : oneLine(e);
      }
    }
    this.kubeconfigProblem = problem;
    if (start.demo) this.add({ name: DEMO_CLUSTER, kind: 'demo', options: { demo: true } });
    const snapshots = (start.snapshots ?? []).map((path) => this.addSnapshot(path));
    if (start.context) this.defaultName = start.context;
    else if (snapshots[0]) this.defaultName = snapshots[0].name;
    else if (start.demo) this.defaultName = DEMO_CLUSTER;
    else this.defaultName = current;
  }

  list(): ClusterEntry[] {
    return [...this.entries.values()];
  }

  /** The cluster an unqualified request means. */
  get defaultCluster(): string | undefined {
    return this.defaultName;
  }

  /** The entry for a name (the default when none is given); a one-line error for anything else. */
  resolve(name?: string): ClusterEntry {
    const wanted = name ?? this.defaultName;
    if (wanted === undefined) {
      throw new CubScoutError(
        'no-cluster',
        this.kubeconfigProblem ?? 'no cluster selected and no default: name one of the listed clusters',
      );
    }
    const entry = this.entries.get(wanted);
    if (entry) return entry;
    const names = [...this.entries.keys()];
    const shown =
      names.length > 20 ? `${names.slice(0, 20).join(', ')} … (${names.length} in all)` : names.join(', ');
    throw badInput(`unknown cluster "${clip(wanted)}": choose one of ${shown || '(none)'}`);
  }

  /** Add a snapshot (a start option, or one the desktop user opened) under a name of its own. */
  addSnapshot(path: string, label?: string): ClusterEntry {
    const base =
      label ??
      (path
        .replace(/[/\\]+$/, '')
        .split(/[/\\]/)
        .pop() ||
        'snapshot');
    let name = base;
    for (let n = 2; this.entries.has(name); n++) name = `${base}-${n}`;
    return this.add({ name, kind: 'snapshot', options: { snapshot: path } });
  }

  private add(entry: ClusterEntry): ClusterEntry {
    this.entries.set(entry.name, entry);
    return entry;
  }
}
