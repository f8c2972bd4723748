// The desktop API: every operation the desktop renderer may ask for, with a zod schema for its
// request and its response. One module for the three places that speak it: Electron's main process
// (IPC channel `cub-scout:api`), `cub-scout ui` (POST /api/<operation>) and the renderer's client.
// It imports only zod and the engine's models, so the renderer can bundle it.
//
// A cluster is always named (a catalog name from `clusters`), never a path: a request that could
// carry a path would let any page probe the disk. Add fields, never rename or remove them.
import { z } from 'zod';
import { HistoryRecordSchema } from '../history/record.js';
import { DeployerHistorySchema } from '../model/deployer-history.js';
import { DiffResultSchema } from '../model/diff.js';
import { ChainEventsSchema, WorkloadLogsSchema } from '../model/drilldowns.js';
import { FluxReportSummarySchema } from '../model/flux-report.js';
import {
  ChainLinkSchema,
  ManagedSchema,
  ResourceRefSchema,
  ToolSchema,
  TraceResultSchema,
} from '../model/trace-result.js';
import { PipelinesReportSchema } from '../pipelines/model.js';
import { ScanReportSchema, SeveritySchema } from '../scan/model.js';

export { API_CHANNEL, API_PATH_PREFIX } from './channel.js';
/** Most rows one `workloads` page may ask for. */
export const MAX_PAGE = 500;
/** Largest snapshot `uploadSnapshot` accepts (characters of YAML/JSON). */
export const MAX_SNAPSHOT_CHARS = 50 * 1024 * 1024;

/** A catalog name; bounded so that no request carries a huge string. */
const ClusterName = z.string().min(1).max(253);
const ClusterField = z.object({ cluster: ClusterName });
/** A history record id (digits, pid, hex: see shared/history/store.ts). */
const RecordId = z
  .string()
  .max(100)
  .regex(/^[0-9A-Za-z-]+$/, 'not a history record id');
const BoundedRef = ResourceRefSchema.extend({
  apiVersion: z.string().min(1).max(253),
  kind: z.string().min(1).max(253),
  name: z.string().min(1).max(253),
  namespace: z.string().max(253).optional(),
});

export const ClusterKindSchema = z.enum(['context', 'demo', 'snapshot']);

export const ClusterEntrySchema = z.object({
  name: z.string(),
  kind: ClusterKindSchema,
  /** The API server URL of a context. */
  server: z.string().optional(),
  /** A context's default namespace. */
  namespace: z.string().optional(),
  /** What the app shows first (the kubeconfig's current context, or --context / --demo / --snapshot). */
  isDefault: z.boolean(),
});
export type ClusterEntryView = z.infer<typeof ClusterEntrySchema>;

export const ClusterStatusSchema = z.object({
  cluster: z.string(),
  /** null: not probed (snapshots and the demo are always there, so they report true). */
  reachable: z.boolean().nullable(),
  /** One line: why it cannot be read, or "exec plugin `aws` not found on PATH". */
  problem: z.string().optional(),
  /** The API server's gitVersion. */
  version: z.string().optional(),
  brokenPipelines: z.number().int().optional(),
  criticalFindings: z.number().int().optional(),
  /** When the cluster's index was read (ISO time). */
  loadedAt: z.string().optional(),
  ageSeconds: z.number().optional(),
});

export const OverviewSchema = z.object({
  source: z.string(),
  ageSeconds: z.number(),
  pipelines: z.object({ total: z.number().int(), healthy: z.number().int(), broken: z.number().int() }),
  findings: z.object({ critical: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  objects: z.object({
    total: z.number().int(),
    managed: z.number().int(),
    orphaned: z.number().int(),
    neverManaged: z.number().int(),
  }),
  warnings: z.array(z.string()),
  /** flux-operator's FluxReport, where the cluster has one (the context header shows it). */
  flux: FluxReportSummarySchema.optional(),
});

export const WorkloadSortSchema = z.enum(['name', 'kind', 'namespace', 'tool', 'managed', 'health']);

export const WorkloadRowSchema = z.object({
  ref: ResourceRefSchema,
  tool: ToolSchema,
  managed: ManagedSchema,
  /** The chain's diagnosis; null for a system object (nothing to judge). */
  healthy: z.boolean().nullable(),
  /** `Kind/namespace/name` of the deployer link, when there is one. */
  deployer: z.string().optional(),
  /** The traced object's own status, else the diagnosis summary. */
  status: z.string().optional(),
});

export const DeployerRowSchema = z.object({
  ref: ResourceRefSchema,
  tool: ToolSchema,
  ready: z.boolean().nullable(),
  status: z.string().nullable(),
  revision: z.string().nullable(),
  suspended: z.boolean(),
  message: z.string().nullable(),
});

export const SourceRowSchema = z.object({
  ref: ResourceRefSchema,
  tool: ToolSchema.optional(),
  url: z.string().nullable(),
  revision: z.string().nullable(),
  ready: z.boolean().nullable(),
  status: z.string().nullable(),
  message: z.string().nullable(),
});

export const HistoryEntrySchema = z.object({
  id: z.string(),
  tracedAt: z.string(),
  face: HistoryRecordSchema.shape.face,
  /** The context asked for, else the engine's source (`snapshot ./x`, `context prod`). */
  cluster: z.string(),
  object: ResourceRefSchema,
  healthy: z.boolean(),
  summary: z.string(),
  revision: z.string().optional(),
});

export const LinkChangeSchema = z.object({
  /** `Kind/namespace/name`. */
  key: z.string(),
  change: z.enum(['added', 'removed', 'changed', 'same']),
  before: ChainLinkSchema.optional(),
  after: ChainLinkSchema.optional(),
  /** Which of the link's fields changed (ready, status, message, revision, suspended...). */
  fields: z.array(z.string()),
});

export const AllContextsRowSchema = z.object({
  cluster: z.string(),
  type: z.enum(['pipeline', 'finding']),
  severity: SeveritySchema.optional(),
  title: z.string(),
  /** What to trace when the row is opened. */
  ref: ResourceRefSchema,
  summary: z.string(),
});

const Ok = z.object({ ok: z.literal(true) });

export const desktopApi = {
  clusters: {
    request: z.object({}),
    response: z.object({ clusters: z.array(ClusterEntrySchema), kubeconfigProblem: z.string().optional() }),
  },
  clusterStatus: { request: ClusterField, response: ClusterStatusSchema },
  overview: { request: ClusterField, response: OverviewSchema },
  workloads: {
    request: ClusterField.extend({
      /** Case-insensitive substring of kind, namespace/name, tool or verdict. */
      filter: z.string().max(200).optional(),
      tool: ToolSchema.optional(),
      managed: ManagedSchema.optional(),
      sort: WorkloadSortSchema.optional(),
      desc: z.boolean().optional(),
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(MAX_PAGE),
    }),
    response: z.object({ total: z.number().int(), rows: z.array(WorkloadRowSchema) }),
  },
  deployers: { request: ClusterField, response: z.object({ rows: z.array(DeployerRowSchema) }) },
  sources: { request: ClusterField, response: z.object({ rows: z.array(SourceRowSchema) }) },
  pipelines: {
    request: ClusterField.extend({ unhealthyOnly: z.boolean().optional() }),
    response: PipelinesReportSchema,
  },
  findings: {
    request: ClusterField.extend({ severity: SeveritySchema.optional() }),
    response: ScanReportSchema,
  },
  trace: {
    request: ClusterField.extend({ ref: BoundedRef, refresh: z.boolean().optional() }),
    response: z.object({
      result: TraceResultSchema,
      /** The CLI's text render, without colour. */
      text: z.string(),
      /** The history record it was saved as; absent when history is off or saving failed. */
      recordId: z.string().optional(),
      /** Why it was not saved. */
      historyWarning: z.string().optional(),
      /** The recent Events of the chain's links (link details show them). */
      events: ChainEventsSchema.optional(),
    }),
  },
  history: {
    request: z.object({
      /** `name`, `kind/name` or `namespace/kind/name` (kinds match loosely, like the CLI). */
      object: z.string().max(600).optional(),
      cluster: z.string().max(253).optional(),
      /** Case-insensitive text anywhere in the object, cluster, face or summary. */
      text: z.string().max(200).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
    response: z.object({ records: z.array(HistoryEntrySchema), skipped: z.number().int() }),
  },
  historyRecord: {
    request: z.object({ id: RecordId }),
    response: z.object({ record: HistoryRecordSchema }),
  },
  compare: {
    request: z.object({ a: RecordId, b: RecordId }),
    response: z.object({
      a: HistoryRecordSchema,
      b: HistoryRecordSchema,
      /** Links in chain order (b's order, then links only a had). */
      links: z.array(LinkChangeSchema),
      /** The diagnosis changes, one line each (became unhealthy, broken at..., running x → y). */
      diagnosisChanged: z.array(z.string()),
    }),
  },
  allContexts: {
    request: z.object({}),
    response: z.object({
      rows: z.array(AllContextsRowSchema),
      unreachable: z.array(z.object({ cluster: z.string(), problem: z.string() })),
    }),
  },
  refresh: { request: ClusterField, response: Ok },
  openSnapshot: {
    request: z.object({}),
    response: z.object({ cluster: ClusterEntrySchema.optional() }),
  },
  uploadSnapshot: {
    request: z.object({
      /** Shown as the cluster's name (made unique); not a path. */
      name: z
        .string()
        .min(1)
        .max(100)
        .regex(/^[^/\\]+$/, 'a name, not a path'),
      content: z.string().min(1).max(MAX_SNAPSHOT_CHARS),
    }),
    response: z.object({ cluster: ClusterEntrySchema }),
  },
  capabilities: {
    request: z.object({}),
    response: z.object({
      electron: z.boolean(),
      drilldowns: z.object({ diff: z.boolean(), logs: z.boolean(), history: z.boolean() }),
      refreshIntervalSeconds: z.number(),
    }),
  },
  openExternal: {
    request: z.object({ url: z.string().max(2048) }),
    response: Ok,
  },
  /** `d`: the object against its desired state, and who changed it (shared/diff). */
  diff: {
    request: ClusterField.extend({ ref: BoundedRef }),
    response: DiffResultSchema,
  },
  /** `h`: what the object's deployer applied, merged with the saved traces (shared/history/deployer.ts). */
  deployerHistory: {
    request: ClusterField.extend({ ref: BoundedRef }),
    response: DeployerHistorySchema,
  },
  /** `l`: the recent logs of the selected link's pods (shared/drill/logs.ts). */
  logs: {
    request: ClusterField.extend({
      ref: BoundedRef,
      container: z.string().min(1).max(253).optional(),
      previous: z.boolean().optional(),
    }),
    response: WorkloadLogsSchema,
  },
} as const;

export type DesktopApi = typeof desktopApi;
export type Operation = keyof DesktopApi;
export type RequestOf<O extends Operation> = z.input<DesktopApi[O]['request']>;
export type ResponseOf<O extends Operation> = z.infer<DesktopApi[O]['response']>;

export const OPERATIONS = Object.keys(desktopApi) as Operation[];

export function isOperation(name: string): name is Operation {
  return Object.hasOwn(desktopApi, name);
}

export const ErrorCodeSchema = z.enum([
  'bad-request', // the payload does not match the operation's schema
  'unknown-operation',
  'unsupported', // not in this mode (openSnapshot in the browser)
  'bad-input', // the engine refused the request (a bad kind name, a snapshot that does not parse)
  'not-found',
  'unknown-kind',
  'ambiguous',
  'unreadable',
  'unreachable',
  'forbidden',
  'not-served',
  'no-cluster',
  'internal',
]);
export type DesktopErrorCode = z.infer<typeof ErrorCodeSchema>;

/** Every failure, over IPC and HTTP: a code and one line for people. */
export const DesktopApiErrorSchema = z.object({
  error: z.object({ code: ErrorCodeSchema, message: z.string() }),
});
export type DesktopApiError = z.infer<typeof DesktopApiErrorSchema>;
