// What flux-operator's FluxReport says about the Flux installation (fluxcd.controlplane.io/v1, one
// object, usually flux-system/flux): version and distribution, component health, how many objects
// each reconciler runs and how many fail, and the cluster sync. Shown by `pipelines`, the MCP
// list_pipelines tool and the desktop's header. Absent where flux-operator is not installed.
import { z } from 'zod';

export const FluxComponentSchema = z.object({
  name: z.string(),
  ready: z.boolean(),
  status: z.string(),
  image: z.string().optional(),
});

export const FluxReconcilerSchema = z.object({
  kind: z.string(),
  apiVersion: z.string(),
  running: z.number().int(),
  failing: z.number().int(),
  suspended: z.number().int(),
  totalSize: z.string().optional(),
});

export const FluxReportSummarySchema = z.object({
  /** `namespace/name` of the FluxReport. */
  report: z.string(),
  version: z.string().nullable(),
  /** Who the distribution is licensed from (spec.distribution.entitlement). */
  entitlement: z.string().nullable(),
  managedBy: z.string().nullable(),
  /** The distribution's own status line ("Installed", "Upgrade available"...). */
  status: z.string().nullable(),
  /** The FluxReport's Ready condition, null without one. */
  ready: z.boolean().nullable(),
  components: z.array(FluxComponentSchema),
  reconcilers: z.array(FluxReconcilerSchema),
  sync: z
    .object({
      id: z.string().nullable(),
      source: z.string().nullable(),
      path: z.string().nullable(),
      ready: z.boolean().nullable(),
      status: z.string().nullable(),
    })
    .nullable(),
});
export type FluxReportSummary = z.infer<typeof FluxReportSummarySchema>;
