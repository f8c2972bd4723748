// Choosing a backend: a snapshot when asked for one (or the demo), else the live cluster from the
// kubeconfig, like kubectl. Faces call this and never construct readers themselves.
import { compiledDemoObjects, demoPath } from '../demo-path.js';
import { SnapshotReader } from './snapshot.js';
import type { ClusterReader } from './types.js';

export interface ClusterOptions {
  /** A snapshot file or directory. */
  snapshot?: string;
  /** Use the demo snapshot shipped with the package. */
  demo?: boolean;
  /** kubeconfig context (default: the current context). */
  context?: string;
  /** kubeconfig path(s); default KUBECONFIG, then ~/.kube/config. */
  kubeconfig?: string;
}

export async function openReader(options: ClusterOptions): Promise<ClusterReader> {
  if (options.demo) {
    // Named after shared/demo either way, so that traces say the same whichever was read.
    const compiled = compiledDemoObjects();
    return compiled ? SnapshotReader.fromObjects(compiled, demoPath()) : SnapshotReader.load(demoPath());
  }
  if (options.snapshot) return SnapshotReader.load(options.snapshot);
  // The Kubernetes client is loaded only for live clusters: snapshot runs start faster without it.
  const { openLiveReader } = await import('./live.js');
  return openLiveReader(options);
}
