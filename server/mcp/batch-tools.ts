// Whole-cluster tools of the `cluster` toolset: list_pipelines and scan_ccve. Both read every
// relevant kind of a cluster; the work runs in a worker thread per cluster (cluster-workers.ts),
// reports progress when the client asked for it, stops when the call is cancelled, and answers in
// pages sized for an assistant (batch-answers.ts).
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { CategorySchema, SeveritySchema } from '../../shared/scan/model.js';
import {
  DEFAULT_FINDINGS_LIMIT,
  DEFAULT_PIPELINES_LIMIT,
  PipelinesOutputSchema,
  ScanOutputSchema,
} from './batch-schemas.js';
import { type McpContext, stopSignal } from './context.js';
import { guarded, progressSender } from './results.js';
import { READ_ONLY, targetInput } from './schemas.js';

export { PipelinesOutputSchema, ScanOutputSchema } from './batch-schemas.js';

const limitInput = (what: string, fallback: number) =>
  z
    .number()
    .int()
    .min(1)
    .max(500)
    .optional()
    .describe(
      `${what} to return at most (default ${fallback}); a page also stops at about 20k tokens, and says how to get the rest`,
    );

const cursorInput = z
  .string()
  .max(20)
  .optional()
  .describe('nextCursor of the previous answer, for the next page (same other arguments)');

export function registerBatchTools(server: McpServer, context: McpContext): void {
  server.registerTool(
    'list_pipelines',
    {
      title: 'List delivery pipelines',
      description: `Every delivery pipeline of a cluster: source → deployer (Kustomization, HelmRelease, Argo CD Application, Helm release) → what it delivers, with health, revisions and the objects each one applies.

Use it for an overview ("what is deployed here?", "is everything healthy?", "which deployments are broken?") or when the user does not name an object. unhealthyOnly narrows to pipelines with a problem; each level's \`problem\` says why it breaks, unhealthyObjects lists the affected objects with their diagnosis. Then call trace_resource on an object for its full chain. trace=true adds per-object traces of the unhealthy pipelines (prefer trace_resource). Answers are pages of about 20k tokens at most, unhealthy pipelines first; \`more\` says what was left out, and \`nextCursor\` gets the next page. Reads the whole cluster: the first call on a big cluster can take a while (progress is reported).`,
      inputSchema: {
        ...targetInput,
        namespace: z
          .string()
          .optional()
          .describe('Only pipelines that deploy into or live in this namespace'),
        unhealthyOnly: z.boolean().optional().describe('Only pipelines with a problem'),
        trace: z
          .boolean()
          .optional()
          .describe(
            'Include per-object traces of the unhealthy pipelines (at most 20 each, unhealthy first)',
          ),
        traceHealthy: z
          .boolean()
          .optional()
          .describe('With trace: include the traces of healthy pipelines too (large)'),
        limit: limitInput('Pipelines', DEFAULT_PIPELINES_LIMIT),
        cursor: cursorInput,
      },
      outputSchema: PipelinesOutputSchema.shape,
      annotations: { title: 'List pipelines', ...READ_ONLY },
    },
    async ({ context: cluster, ...args }, extra) =>
      guarded(() =>
        context.workers.run(
          cluster,
          { tool: 'list_pipelines', args },
          { onProgress: progressSender(extra), signal: stopSignal(context, extra.signal) },
        ),
      ),
  );

  server.registerTool(
    'scan_ccve',
    {
      title: 'Scan for known GitOps failure patterns (CCVE)',
      description: `Check a whole cluster against the CCVE rules (known configuration and delivery failure patterns: broken sources, failed renders and applies, drift, dependency cycles, stuck reconcilers, orphans, risky settings). Each finding has a rule id, severity (critical, warning, info), category, the object and chain link it is about, evidence read from the cluster, the objects it affects and remediation steps and commands.

Use it for "what is wrong in this cluster?", "anything risky?", or after a trace to see whether a failure is a known pattern with a documented fix. Filter by namespace, minimum severity and categories (${CategorySchema.options.join(', ')}). Quote the remediation steps when suggesting fixes. Answers are pages of about 20k tokens at most, worst first; \`nextCursor\` gets the next page. Reads the whole cluster (progress is reported).`,
      inputSchema: {
        ...targetInput,
        namespace: z.string().optional().describe('Only findings about (or affecting) this namespace'),
        severity: SeveritySchema.optional().describe(
          'Minimum severity: critical, warning or info (default: all)',
        ),
        categories: z.array(CategorySchema).optional().describe('Only these categories'),
        limit: limitInput('Findings', DEFAULT_FINDINGS_LIMIT),
        cursor: cursorInput,
      },
      outputSchema: ScanOutputSchema.shape,
      annotations: { title: 'Scan for CCVEs', ...READ_ONLY },
    },
    async ({ context: cluster, ...args }, extra) =>
      guarded(() =>
        context.workers.run(
          cluster,
          { tool: 'scan_ccve', args },
          { onProgress: progressSender(extra), signal: stopSignal(context, extra.signal) },
        ),
      ),
  );
}
