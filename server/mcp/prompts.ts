// The `why-not-deployed` prompt: the steps an assistant follows to answer "why isn't my change
// running?", in terms of the tools this server offers.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

export function registerPrompts(server: McpServer): void {
  server.registerPrompt(
    'why-not-deployed',
    {
      title: "Why isn't my change deployed?",
      description: 'Find out why a change does not run in the cluster, and how to fix it',
      argsSchema: {
        resource: z
          .string()
          .max(600)
          .describe('The object, as the user names it: "nginx" or "deployment/nginx"'),
        namespace: z.string().max(253).optional().describe('Namespace, if known'),
        context: z
          .string()
          .max(253)
          .optional()
          .describe('Cluster name (see list_contexts), if not the default'),
      },
    },
    ({ resource, namespace, context }) => {
      const where = [namespace ? `namespace "${namespace}"` : '', context ? `context "${context}"` : '']
        .filter(Boolean)
        .join(', ');
      const args = JSON.stringify({
        resource,
        ...(namespace ? { namespace } : {}),
        ...(context ? { context } : {}),
      });
      return {
        messages: [
          {
            role: 'user',
            content: {
              type: 'text',
              text: `My latest change to "${resource}"${where ? ` (${where})` : ''} does not seem to be deployed. Find out why, using the cub-scout tools:

1. Call trace_resource with ${args}. If the outcome is "ambiguous", pick the candidate I most likely mean (a Deployment/StatefulSet over its Pods) or ask me, then call it again with kind and namespace.
2. Read trace.diagnosis.summary. If healthy is false, look at trace.chain[trace.diagnosis.brokenAt]: name that link (kind, namespace/name), its status, reason and message — that is the controller's error. The answer's \`events\` hold what the controllers said about the failing links (warnings first, with counts).
3. Compare trace.diagnosis.running (what runs) with trace.diagnosis.expected (what the source offers). Different means the change reached the source but was not applied; equal means the change may not have reached the source (not pushed/merged, wrong branch or path).
4. If a link is suspended, reconciliation is paused there. If managed is "never-managed", no GitOps tool owns the object and it was applied by hand. If the chain is healthy but the workload itself is not (crashing, not ready), call get_workload_logs with the same resource (previous: true after a restart).
5. Call get_trace_history with {"resource": "${resource}"} to see when it last worked and what changed since.
6. Answer in a few lines: where the chain breaks, the exact error, running vs expected revision, and the concrete fix (e.g. the path to correct in the Kustomization, the source to repair), with the commands of trace.diagnosis.fix to look closer and retry, plus the command to verify it afterwards.`,
            },
          },
        ],
      };
    },
  );
}
