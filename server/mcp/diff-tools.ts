// diff_resource (in the `trace` toolset): an object against its desired state and who changed it.
// The engine does the work (shared/diff); this finds the object the way trace_resource does.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { diffResource } from '../../shared/diff/diff.js';
import { renderDiffText } from '../../shared/diff/render.js';
import { DiffResultSchema } from '../../shared/model/diff.js';
import { kindArgOf } from '../../shared/resource-arg.js';
import type { McpContext } from './context.js';
import { guarded, success } from './results.js';
import { READ_ONLY } from './schemas.js';
import { findOne, OBJECT_INPUT } from './trace-tools.js';

const MAX_TOOL_CHANGES = 60;

export const DiffOutputSchema = z.object({ diff: DiffResultSchema });

export function registerDiffTool(server: McpServer, context: McpContext): void {
  server.registerTool(
    'diff_resource',
    {
      title: 'Live object vs its desired state, and who changed it',
      description: `Compare a Kubernetes object with what its deployer wants and name who changed it: the desired state is the object's document in its Helm release's rendered manifest (standalone Helm and Flux HelmReleases) or its kubectl last-applied-configuration; managedFields name the field manager, operation and time of every field written by someone other than the deployer (kubectl edit, kubectl scale, an HPA).

Use it after trace_resource for "what differs from Git?", "did someone edit this by hand?", "why does it not match the chart?". diff.changes lists fields whose live value differs (only fields the desired state sets: server defaults are not drift), each with the writer that last set it; diff.writers lists managers other than the deployer with the fields they own. diff.desiredSource "none" means the desired state is not readable from the cluster (Flux Kustomization, Argo CD): then only writers are known. Secret and ConfigMap data appear as key names only.`,
      inputSchema: OBJECT_INPUT,
      outputSchema: DiffOutputSchema.shape,
      annotations: { title: 'Diff resource', ...READ_ONLY },
    },
    async (args) =>
      guarded(async () => {
        const engine = await context.pool.get(context.pool.resolve(args.context).name);
        const target = await findOne(engine, args);
        const diff = await diffResource(
          engine.reader,
          kindArgOf(target.apiVersion, target.kind),
          target.name,
          target.namespace,
          { now: context.now() },
        );
        const omitted = Math.max(0, diff.changes.length - MAX_TOOL_CHANGES);
        const bounded = {
          ...diff,
          changes: diff.changes.slice(0, MAX_TOOL_CHANGES),
          changesOmitted: diff.changesOmitted + omitted,
        };
        return success(renderDiffText(bounded), { diff: bounded });
      }),
  );
}
