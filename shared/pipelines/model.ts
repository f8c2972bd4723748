// The pipelines report: one entry per delivery pipeline (source -> deployer -> what it delivers).
// These zod schemas are the JSON contract of `cub-scout pipelines -o json` and of the MCP tool's
// output schema. Add fields, never rename or remove them.
import { z } from 'zod';
import { FluxReportSummarySchema } from '../model/flux-report.js';
import { LinkRoleSchema, ResourceRefSchema, ToolSchema, TraceResultSchema } from '../model/trace-result.js';

export const PipelineLevelSchema = z.object({
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  role: LinkRoleSchema,
  tool: ToolSchema.optional(),
  ready: z.boolean().nullable(),
  status: z.string().nullable(),
  revision: z.string().nullable(),
  url: z.string().nullable(),
  path: z.string().nullable(),
  suspended: z.boolean(),
  missing: z.boolean().optional(),
  /** Why this level breaks the pipeline (does not exist, suspended, failed: reason), or null. */
  problem: z.string().nullable(),
});
export type PipelineLevel = z.infer<typeof PipelineLevelSchema>;

export const DeliveredKindSchema = z.object({
  kind: z.string(),
  /** Objects of this kind the deployer applied itself (owned Pods/ReplicaSets are not counted here). */
  count: z.number().int(),
  /** How many of them are unhealthy (broken, degraded or stale), themselves or through what they
   * own: never more than `count`. */
  unhealthy: z.number().int(),
});
export type DeliveredKind = z.infer<typeof DeliveredKindSchema>;

export const PipelineSchema = z.object({
  /** `Kind/namespace/name` of the deployer: stable across runs. */
  id: z.string(),
  tool: ToolSchema,
  healthy: z.boolean(),
  /** The object that applies (Kustomization, HelmRelease, Application, Helm release, ConfigHub unit). */
  deployer: ResourceRefSchema,
  /** Origin first, the deployer last: the same links a trace of a delivered object shows. */
  levels: z.array(PipelineLevelSchema),
  delivers: z.array(DeliveredKindSchema),
  /** Every traced object that belongs to the pipeline, owned ones included. */
  objectCount: z.number().int(),
  /** Objects the deployer marked but no longer lists (was managed, now orphaned). */
  orphanCount: z.number().int(),
  /** Unhealthy objects the deployer applied itself (at most 20), with their diagnosis summary. */
  unhealthyObjects: z.array(ResourceRefSchema.extend({ summary: z.string() })),
  summary: z.string(),
  /** Per-object traces, with --trace. */
  traces: z.array(TraceResultSchema).optional(),
});
export type Pipeline = z.infer<typeof PipelineSchema>;

export const PipelinesReportSchema = z.object({
  source: z.string(),
  generatedAt: z.string(),
  /** Seconds since the cluster was read; 0 for a fresh read, more when the index came from a cache. */
  cacheAgeSeconds: z.number(),
  namespace: z.string().optional(),
  total: z.number().int(),
  healthy: z.number().int(),
  pipelines: z.array(PipelineSchema),
  warnings: z.array(z.string()),
  /** flux-operator's FluxReport (Flux version, component health, reconciler counts, sync), where
   * the cluster has one. */
  flux: FluxReportSummarySchema.optional(),
});
export type PipelinesReport = z.infer<typeof PipelinesReportSchema>;
