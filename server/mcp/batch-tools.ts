// Whole-cluster tools of the `cluster` toolset: list_pipelines and scan_ccve. Both read every
// relevant kind of a cluster once (the engine caches the batch per index), report progress while
// they do when the client asked for it, and bound what they return.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { PipelinesReportSchema } from '../../shared/pipelines/model.js';
import { renderPipelinesText } from '../../shared/pipelines/render.js';
import {
  CategorySchema,
  type ScanReport,
  ScanReportSchema,
  SeveritySchema,
} from '../../shared/scan/model.js';
import { renderScanText } from '../../shared/scan/render.js';
import type { McpContext } from './context.js';
import { bounded, guarded, progressSender, success } from './results.js';
import { READ_ONLY, targetInput } from './schemas.js';

const MAX_TRACES_PER_PIPELINE = 20;

export const PipelinesOutputSchema = PipelinesReportSchema.extend({
  omitted: z.number().int().describe('Pipelines left out (limit)'),
  omittedTraces: z.number().int().describe('Per-object traces left out (at most 20 per pipeline)'),
});

export const ScanOutputSchema = ScanReportSchema.extend({
  omitted: z.number().int().describe('Findings left out (limit); counts cover all of them'),
});

const limitInput = (what: string, fallback: number) =>
  z
    .number()
    .int()
    .min(1)
    .max(500)
    .optional()
    .describe(`${what} to return (default ${fallback}); the result says how many were left out`);

export function registerBatchTools(server: McpServer, context: McpContext): void {
  server.registerTool(
    'list_pipelines',
    {
      title: 'List delivery pipelines',
      description: `Every delivery pipeline of a cluster: source → deployer (Kustomization, HelmRelease, Argo CD Application, Helm release) → what it delivers, with health, revisions and the objects each one applies.

Use it for an overview ("what is deployed here?", "is everything healthy?", "which deployments are broken?") or when the user does not name an object. unhealthyOnly narrows to pipelines with a problem; each level's \`problem\` says why it breaks, unhealthyObjects lists the affected objects with their diagnosis. Then call trace_resource on an object for its full chain. trace=true adds per-object traces (large: prefer trace_resource). Reads the whole cluster: the first call on a big cluster can take a while (progress is reported).`,
      inputSchema: {
        ...targetInput,
        namespace: z
          .string()
          .optional()
          .describe('Only pipelines that deploy into or live in this namespace'),
        unhealthyOnly: z.boolean().optional().describe('Only pipelines with a problem'),
        trace: z.boolean().optional().describe('Include the trace of every delivered object (large)'),
        limit: limitInput('Pipelines', 50),
      },
      outputSchema: PipelinesOutputSchema.shape,
      annotations: { title: 'List pipelines', ...READ_ONLY },
    },
    async (args, extra) =>
      guarded(async () => {
        const engine = await context.pool.get(args.context ? { context: args.context } : {});
        const report = await engine.pipelines({
          onProgress: progressSender(extra),
          ...(args.namespace ? { namespace: args.namespace } : {}),
          ...(args.unhealthyOnly ? { unhealthyOnly: true } : {}),
          ...(args.trace ? { traces: true } : {}),
        });
        const { shown, omitted } = bounded(report.pipelines, args.limit ?? 50);
        let omittedTraces = 0;
        const pipelines = shown.map((p) => {
          if (!p.traces) return p;
          const traces = bounded(p.traces, MAX_TRACES_PER_PIPELINE);
          omittedTraces += traces.omitted;
          return { ...p, traces: traces.shown };
        });
        const bounds = { ...report, pipelines, omitted, omittedTraces };
        const more = omitted
          ? `\n(${omitted} more pipelines not listed; raise limit or filter by namespace)\n`
          : '';
        return success(renderPipelinesText(bounds) + more, bounds);
      }),
  );

  server.registerTool(
    'scan_ccve',
    {
      title: 'Scan for known GitOps failure patterns (CCVE)',
      description: `Check a whole cluster against the CCVE rules (known configuration and delivery failure patterns: broken sources, failed renders and applies, drift, dependency cycles, stuck reconcilers, orphans, risky settings). Each finding has a rule id, severity (critical, warning, info), category, the object and chain link it is about, evidence read from the cluster, the objects it affects and remediation steps and commands.

Use it for "what is wrong in this cluster?", "anything risky?", or after a trace to see whether a failure is a known pattern with a documented fix. Filter by namespace, minimum severity and categories (${CategorySchema.options.join(', ')}). Quote the remediation steps when suggesting fixes. Reads the whole cluster (progress is reported).`,
      inputSchema: {
        ...targetInput,
        namespace: z.string().optional().describe('Only findings about (or affecting) this namespace'),
        severity: SeveritySchema.optional().describe(
          'Minimum severity: critical, warning or info (default: all)',
        ),
        categories: z.array(CategorySchema).optional().describe('Only these categories'),
        limit: limitInput('Findings', 50),
      },
      outputSchema: ScanOutputSchema.shape,
      annotations: { title: 'Scan for CCVEs', ...READ_ONLY },
    },
    async (args, extra) =>
      guarded(async () => {
        const engine = await context.pool.get(args.context ? { context: args.context } : {});
        const categories = args.categories?.length ? args.categories : undefined;
        const report = await engine.scan({
          onProgress: progressSender(extra),
          ...(args.namespace ? { namespace: args.namespace } : {}),
          ...(args.severity ? { severity: args.severity } : {}),
          ...(categories?.length === 1 ? { category: categories[0] } : {}),
        });
        const filtered = categories && categories.length > 1 ? onlyCategories(report, categories) : report;
        const { shown, omitted } = bounded(filtered.findings, args.limit ?? 50);
        const bounds = { ...filtered, findings: shown, omitted };
        const more = omitted ? `\n(${omitted} more findings not listed; raise limit or filter)\n` : '';
        return success(renderScanText(bounds) + more, bounds);
      }),
  );
}

/** The engine filters one category; several are the union, counted again. */
function onlyCategories(report: ScanReport, categories: string[]): ScanReport {
  const findings = report.findings.filter((f) => categories.includes(f.category));
  const counts = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return { ...report, findings, counts };
}
