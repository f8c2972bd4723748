// CCVE rules (data: rules/ccve/*.yaml, in the public CCVE pattern format plus `check:`) and scan
// findings. These zod schemas validate rule files at load and are the JSON contract of
// `cub-scout scan -o json` and of the MCP tool's output schema.
import { z } from 'zod';
import { LinkRoleSchema, ResourceRefSchema } from '../model/trace-result.js';

export const SeveritySchema = z.enum(['critical', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;
export const SEVERITY_ORDER: Severity[] = ['info', 'warning', 'critical'];

export function atLeast(severity: Severity, minimum: Severity): boolean {
  return SEVERITY_ORDER.indexOf(severity) >= SEVERITY_ORDER.indexOf(minimum);
}

export const CategorySchema = z.enum([
  'SOURCE',
  'RENDER',
  'APPLY',
  'DRIFT',
  'DEPEND',
  'STATE',
  'ORPHAN',
  'CONFIG',
  'SECURITY',
  'OVER_PROVISION',
]);
export type Category = z.infer<typeof CategorySchema>;

export const RuleSchema = z.object({
  id: z
    .string()
    .regex(/^CCVE-[A-Z0-9]+(-[A-Z0-9]+)*$/, 'id must look like CCVE-FLUX-TRACE-001 or CCVE-2025-0001'),
  aliases: z.array(z.string()).default([]),
  category: CategorySchema,
  name: z.string().min(1),
  title: z.string().optional(),
  severity: SeveritySchema,
  confidence: z.enum(['high', 'medium', 'low']),
  affected_tools: z.array(z.enum(['flux', 'argo', 'helm', 'confighub', 'kubectl', 'kustomize'])).min(1),
  symptoms: z.array(z.string()).default([]),
  detection: z.object({
    resources: z.array(z.string()).min(1),
    condition: z.string().min(1),
    cel_expr: z.string().optional(),
  }),
  root_cause: z.string().min(1),
  remediation: z.object({ steps: z.array(z.string()).min(1), commands: z.array(z.string()).default([]) }),
  remedy: z.object({ type: z.string(), safety_class: z.string().optional() }).optional(),
  references: z.array(z.string()).default([]),
  tags: z.array(z.string()).default([]),
  deprecated: z.boolean().default(false),
  superseded_by: z.string().nullable().default(null),
  /** The check function (shared/scan/checks) that implements the detection. */
  check: z.string().min(1),
});
export type Rule = z.infer<typeof RuleSchema>;

export const FindingLinkSchema = z.object({
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  role: LinkRoleSchema,
});

export const FindingSchema = z.object({
  ruleId: z.string(),
  name: z.string(),
  category: CategorySchema,
  severity: SeveritySchema,
  confidence: z.string(),
  /** The object the finding is about (the broken deployer, the orphan, the stuck source). */
  object: ResourceRefSchema,
  /** The chain link where it happens, when it happens on a delivery chain. */
  link: FindingLinkSchema.nullable(),
  message: z.string(),
  /** Facts read from the cluster that support the finding. */
  evidence: z.array(z.string()),
  /** Objects whose delivery the finding affects (at most 20), and how many in all. */
  affected: z.array(ResourceRefSchema),
  affectedCount: z.number().int(),
  remediation: z.object({ steps: z.array(z.string()), commands: z.array(z.string()) }),
  references: z.array(z.string()),
});
export type Finding = z.infer<typeof FindingSchema>;

export const ScanReportSchema = z.object({
  source: z.string(),
  generatedAt: z.string(),
  /** Seconds since the cluster was read; more than 0 when the index came from a cache. */
  cacheAgeSeconds: z.number(),
  namespace: z.string().optional(),
  rulesChecked: z.number().int(),
  counts: z.object({ critical: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  findings: z.array(FindingSchema),
  warnings: z.array(z.string()),
});
export type ScanReport = z.infer<typeof ScanReportSchema>;
