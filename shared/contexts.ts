// The kubeconfig's contexts and whether each cluster answers: one GET /version per context, all at
// once, each bounded by a short timeout so that one dead cluster cannot hold up the list.
import { oneLine } from './errors/index.js';
import { type ContextInfo, listContexts, loadKubeconfig } from './reader/kubeconfig.js';
import { KubeHttp } from './reader/live-http.js';

export interface ContextStatus extends ContextInfo {
  /** null when not probed. */
  reachable: boolean | null;
  /** The server's gitVersion when it answered. */
  version?: string;
  /** Why it is unreachable, one line. */
  error?: string;
}

export interface ContextListOptions {
  kubeconfig?: string;
  /** Probe each cluster (default true). */
  probe?: boolean;
  /** Per-context limit on the probe (default 3 s). */
  timeoutMs?: number;
}

export async function contextsWithReachability(options: ContextListOptions = {}): Promise<ContextStatus[]> {
  const kubeconfig = options.kubeconfig ? { kubeconfig: options.kubeconfig } : {};
  const contexts = listContexts(kubeconfig);
  if (options.probe === false) return contexts.map((c) => ({ ...c, reachable: null }));
  const timeoutMs = options.timeoutMs ?? 3_000;
  return Promise.all(contexts.map((c) => probeContext(c, kubeconfig, timeoutMs)));
}

/** One context's GET /version, bounded by `timeoutMs`; never throws (an error is the answer). */
export async function probeContext(
  context: ContextInfo,
  kubeconfig: { kubeconfig?: string },
  timeoutMs: number,
): Promise<ContextStatus> {
  try {
    const kube = loadKubeconfig({ ...kubeconfig, context: context.name });
    const http = new KubeHttp(kube, { connectTimeoutMs: timeoutMs, requestTimeoutMs: timeoutMs });
    const response = await http.get('/version');
    // Any HTTP answer means the server is there; 401/403 still say who it is not letting in.
    if (response.status >= 400) return { ...context, reachable: true, error: response.message };
    const version = typeof response.body?.gitVersion === 'string' ? response.body.gitVersion : undefined;
    return { ...context, reachable: true, ...(version ? { version } : {}) };
  } catch (e) {
    return { ...context, reachable: false, error: oneLine(e) };
  }
}
