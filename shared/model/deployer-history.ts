// The DeployerHistory model: what the deployer of an object says it applied (Flux Kustomization and
// HelmRelease status.history, Helm release storage revisions, Argo CD Application status.history),
// merged with our own saved traces of the object, newest first. The JSON of
// `cub-scout history <obj> --deployer -o json`, the MCP get_trace_history `deployer` field and the
// desktop's `h`. Add fields, never rename or remove them.
import { z } from 'zod';
import { ResourceRefSchema } from './trace-result.js';

export const DeployerEventSchema = z.object({
  /** When (ISO time); null when the deployer recorded none. */
  at: z.string().nullable(),
  /** deploy: the deployer applied a revision; trace: one of our saved traces of the object. */
  type: z.enum(['deploy', 'trace']),
  revision: z.string().nullable(),
  /** deployed/superseded/failed (Helm), ReconciliationSucceeded (Flux), Succeeded (Argo CD);
   * for a trace: healthy, stale or broken. */
  status: z.string().nullable(),
  /** Who: "Helm release shop/shop", "Flux Kustomization flux-system/apps", "cub-scout trace (cli)". */
  by: z.string(),
  /** The whole event in one sentence. */
  text: z.string(),
  /** The saved trace's id (type trace). */
  recordId: z.string().optional(),
});
export type DeployerEvent = z.infer<typeof DeployerEventSchema>;

export const DeployerHistorySchema = z.object({
  object: ResourceRefSchema,
  /** The deployer whose history this is (nearest to the object in its chain); null when none. */
  deployer: ResourceRefSchema.nullable(),
  /** Where the deployer's own history was read: "status.history of HelmRelease flux-system/hello". */
  from: z.string().nullable(),
  events: z.array(DeployerEventSchema),
  omitted: z.number().int(),
  warnings: z.array(z.string()),
});
export type DeployerHistory = z.infer<typeof DeployerHistorySchema>;
