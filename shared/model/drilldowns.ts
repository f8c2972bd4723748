// What the logs and events drill-downs answer: the JSON contract of `cub-scout logs -o json`, the
// MCP tools' output and the desktop API. Kept apart from TraceResult: a trace is what the chain is,
// these are what its objects and pods say, read separately by the faces. Add fields, never rename.
import { z } from 'zod';
import { ResourceRefSchema } from './trace-result.js';

/** One Event, de-duplicated: the same type, reason, message and reporter counted once. */
export const ObjectEventSchema = z.object({
  /** Normal or Warning. */
  type: z.string(),
  reason: z.string(),
  message: z.string(),
  /** The component that reported it (kustomize-controller, argocd-application-controller...). */
  from: z.string(),
  /** How often it happened (the Events' counts summed). */
  count: z.number().int(),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
});
export type ObjectEvent = z.infer<typeof ObjectEventSchema>;

export const LinkEventsSchema = z.object({
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  /** Warnings first, then the most recent first. */
  events: z.array(ObjectEventSchema),
  /** Distinct events left out to keep the answer small. */
  omitted: z.number().int(),
});
export type LinkEvents = z.infer<typeof LinkEventsSchema>;

export const ChainEventsSchema = z.object({
  /** One entry per link of the chain that has Events, in chain order. */
  links: z.array(LinkEventsSchema),
  /** Events that could not be read (RBAC, a snapshot without them). */
  warnings: z.array(z.string()),
});
export type ChainEvents = z.infer<typeof ChainEventsSchema>;

export const ContainerLogSchema = z.object({
  container: z.string(),
  init: z.boolean().optional(),
  /** The log is the previous instance's (after a restart). */
  previous: z.boolean(),
  /** running, waiting (CrashLoopBackOff), terminated (Completed, exit 0)... */
  state: z.string(),
  restarts: z.number().int(),
  /** How the last instance ended, when the container restarted: reason, exit code, time. */
  lastTermination: z.string().nullable(),
  lines: z.array(z.string()),
  /** The bounds cut the log: older lines or bytes were left out. */
  truncated: z.boolean(),
  /** Why there are no lines (not started yet, no previous instance, not readable). */
  note: z.string().optional(),
});
export type ContainerLog = z.infer<typeof ContainerLogSchema>;

export const PodLogsSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  phase: z.string(),
  node: z.string().nullable(),
  /** Why a pod has no logs yet (Pending: not scheduled, waiting for an image...). */
  waiting: z.string().optional(),
  containers: z.array(ContainerLogSchema),
});
export type PodLogs = z.infer<typeof PodLogsSchema>;

export const WorkloadLogsSchema = z.object({
  object: ResourceRefSchema,
  pods: z.array(PodLogsSchema),
  /** Pods of the workload left out (only the newest are read). */
  omittedPods: z.number().int(),
  tailLines: z.number().int(),
  limitBytes: z.number().int(),
  warnings: z.array(z.string()),
});
export type WorkloadLogs = z.infer<typeof WorkloadLogsSchema>;
