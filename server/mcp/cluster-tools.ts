// The `cluster` toolset: which clusters there are (list_contexts), and whole-cluster questions
// (list_pipelines, scan_ccve) answered by the engine's batch functions.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { contextsWithReachability } from '../../shared/contexts.js';
import type { McpContext } from './context.js';
import { guarded, success } from './results.js';
import { READ_ONLY } from './schemas.js';

const ContextSchema = z.object({
  name: z.string(),
  cluster: z.string(),
  server: z.string().describe('API server URL'),
  user: z.string(),
  namespace: z.string().describe('Default namespace of the context'),
  current: z.boolean().describe('The kubeconfig current context: what tools use when context is omitted'),
  reachable: z.boolean().nullable().describe('The API server answered GET /version within 3 s'),
  version: z.string().optional().describe('Kubernetes version the server reported'),
  error: z.string().optional().describe('Why it is unreachable'),
});

export const ContextsOutputSchema = z.object({
  contexts: z.array(ContextSchema),
  current: z.string().nullable(),
  omitted: z.number().int(),
});

const MAX_CONTEXTS = 100;

export function registerClusterTools(server: McpServer, context: McpContext): void {
  server.registerTool(
    'list_contexts',
    {
      title: 'List kubeconfig contexts',
      description: `The clusters this server can read: every kubeconfig context with its API server, default namespace, and whether it answers right now (a 3 s probe each).

Use it when the user names a cluster ("prod", "staging") to find the context to pass as \`context\` to the other tools, or when a tool says a cluster is unreachable. The context marked current is used when context is omitted.`,
      inputSchema: {},
      outputSchema: ContextsOutputSchema.shape,
      annotations: { title: 'List contexts', ...READ_ONLY },
    },
    async () =>
      guarded(async () => {
        const all = await contextsWithReachability(
          context.kubeconfig ? { kubeconfig: context.kubeconfig } : {},
        );
        const contexts = all.slice(0, MAX_CONTEXTS);
        const current = all.find((c) => c.current)?.name ?? null;
        const lines = contexts.map(
          (c) =>
            `${c.current ? '*' : ' '} ${c.name}  ${c.server || '(no server)'}  ns=${c.namespace}  ${
              c.reachable
                ? `reachable${c.version ? ` ${c.version}` : ''}`
                : `unreachable: ${c.error ?? 'unknown'}`
            }`,
        );
        if (contexts.length === 0) lines.push('the kubeconfig defines no contexts');
        const omitted = all.length - contexts.length;
        if (omitted) lines.push(`(${omitted} more contexts not listed)`);
        return success(`${lines.join('\n')}\n`, { contexts, current, omitted });
      }),
  );
}
