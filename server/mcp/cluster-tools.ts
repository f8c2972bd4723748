// The `cluster` toolset: which clusters there are (list_contexts). Whole-cluster questions
// (list_pipelines, scan_ccve) are in batch-tools.ts.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ClusterEntry } from '../../shared/cluster-catalog.js';
import type { ContextStatus } from '../../shared/contexts.js';
import { oneLine } from '../../shared/errors/index.js';
import type { McpContext } from './context.js';
import { guarded, success } from './results.js';
import { READ_ONLY } from './schemas.js';

const ClusterSchema = z.object({
  name: z.string().describe('What to pass as `context` to the other tools'),
  kind: z
    .enum(['context', 'demo', 'snapshot'])
    .describe('context: a kubeconfig context (live); demo: the built-in demo; snapshot: saved state'),
  current: z.boolean().describe('The default: what tools read when context is omitted'),
  cluster: z.string().optional().describe('kubeconfig cluster of a context'),
  server: z.string().optional().describe('API server URL of a context'),
  user: z.string().optional(),
  namespace: z.string().optional().describe('Default namespace of a context'),
  reachable: z
    .boolean()
    .nullable()
    .describe('A context: its API server answered GET /version within 3 s. null for demo and snapshots'),
  version: z.string().optional().describe('Kubernetes version the server reported'),
  error: z.string().optional().describe('Why it is unreachable'),
});

export const ContextsOutputSchema = z.object({
  contexts: z.array(ClusterSchema),
  current: z.string().nullable(),
  omitted: z.number().int(),
  warnings: z.array(z.string()),
});
type Cluster = z.infer<typeof ClusterSchema>;

const MAX_CONTEXTS = 100;

export function registerClusterTools(server: McpServer, context: McpContext): void {
  server.registerTool(
    'list_contexts',
    {
      title: 'List the clusters this server reads',
      description: `The clusters this server can read, fixed when it started: its kubeconfig contexts (each with API server, default namespace, and whether it answers right now: a 3 s probe each), the built-in demo, and snapshots it was started with.

Use it when the user names a cluster ("prod", "staging") to find the name to pass as \`context\` to the other tools, or when a tool says a cluster is unreachable. The cluster marked current is used when context is omitted.`,
      inputSchema: {},
      outputSchema: ContextsOutputSchema.shape,
      annotations: { title: 'List clusters', ...READ_ONLY },
    },
    async () =>
      guarded(async () => {
        const { catalog } = context;
        const entries = catalog.list();
        const warnings: string[] = [];
        if (catalog.kubeconfigProblem) warnings.push(catalog.kubeconfigProblem);
        const statuses = await probeContexts(context, entries, warnings);
        const current = catalog.defaultCluster ?? null;
        const all = entries.map((e) => clusterOf(e, e.name === current, statuses.get(e.name)));
        const contexts = all.slice(0, MAX_CONTEXTS);
        const lines = contexts.map(describe);
        if (all.length === 0)
          lines.push(catalog.kubeconfigProblem ?? 'no clusters: the kubeconfig defines no contexts');
        else for (const w of warnings) lines.push(`warning: ${w}`);
        const omitted = all.length - contexts.length;
        if (omitted) lines.push(`(${omitted} more clusters not listed)`);
        return success(`${lines.join('\n')}\n`, { contexts, current, omitted, warnings });
      }),
  );
}

/** Reachability of the catalog's contexts; the Kubernetes client loads only when there are some. */
async function probeContexts(
  context: McpContext,
  entries: ClusterEntry[],
  warnings: string[],
): Promise<Map<string, ContextStatus>> {
  const statuses = new Map<string, ContextStatus>();
  if (!entries.some((e) => e.kind === 'context')) return statuses;
  try {
    const { contextsWithReachability } = await import('../../shared/contexts.js');
    const { kubeconfig } = context.catalog.start;
    for (const s of await contextsWithReachability(kubeconfig ? { kubeconfig } : {})) statuses.set(s.name, s);
  } catch (e) {
    warnings.push(`contexts not probed: ${oneLine(e)}`);
  }
  return statuses;
}

function clusterOf(entry: ClusterEntry, current: boolean, status: ContextStatus | undefined): Cluster {
  const cluster: Cluster = { name: entry.name, kind: entry.kind, current, reachable: null };
  if (!status) return cluster;
  const { cluster: name, server, user, namespace, reachable, version, error } = status;
  return {
    ...cluster,
    cluster: name,
    server,
    user,
    namespace,
    reachable,
    ...(version ? { version } : {}),
    ...(error ? { error } : {}),
  };
}

function describe(c: Cluster): string {
  const mark = c.current ? '*' : ' ';
  if (c.kind !== 'context') return `${mark} ${c.name}  (${c.kind === 'demo' ? 'built-in demo' : 'snapshot'})`;
  const state = c.reachable
    ? `reachable${c.version ? ` ${c.version}` : ''}`
    : c.reachable === null
      ? 'not probed'
      : `unreachable: ${c.error ?? 'unknown'}`;
  return `${mark} ${c.name}  ${c.server || '(no server)'}  ns=${c.namespace ?? 'default'}  ${state}`;
}
