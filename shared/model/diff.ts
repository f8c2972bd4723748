// The DiffResult model: live vs desired for one object, the JSON contract of `cub-scout diff -o json`
// and of the MCP tool diff_resource. Add fields, never rename or remove them.
import { z } from 'zod';
import { ResourceRefSchema } from './trace-result.js';

/** Where the desired state came from: the rendered manifest of the object's Helm release, the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation, or nowhere readable. */
export const DesiredSourceSchema = z.enum(['helm-release', 'last-applied', 'none']);
export type DesiredSource = z.infer<typeof DesiredSourceSchema>;

/** Who last wrote a field, from metadata.managedFields. */
export const WriterRefSchema = z.object({
  manager: z.string(),
  operation: z.string().optional(),
  subresource: z.string().optional(),
  time: z.string().optional(),
  /** What the manager is, for people: "kubectl edit", "kubectl scale", "HorizontalPodAutoscaler". */
  what: z.string(),
});
export type WriterRef = z.infer<typeof WriterRefSchema>;

export const FieldChangeSchema = z.object({
  /** `spec.template.spec.containers[name=web].image`, `metadata.labels.app`, `data["password"]`. */
  path: z.string(),
  /** changed: both have it, the values differ; missing: desired has it, live does not; added: the
   * live object has a list item or data key the desired state does not. */
  change: z.enum(['changed', 'missing', 'added']),
  /** JSON of the value, clipped; never set for Secret or ConfigMap data (keys only). */
  desired: z.string().optional(),
  live: z.string().optional(),
  /** The managedFields entry that owns the live field, when one does. */
  writer: WriterRefSchema.optional(),
});
export type FieldChange = z.infer<typeof FieldChangeSchema>;

/** One managedFields entry of a manager other than the deployer that still owns fields. */
export const DriftWriterSchema = WriterRefSchema.extend({
  fields: z.array(z.string()),
  fieldsOmitted: z.number().int(),
});
export type DriftWriter = z.infer<typeof DriftWriterSchema>;

export const DiffResultSchema = z.object({
  object: ResourceRefSchema,
  desiredSource: DesiredSourceSchema,
  /** The source of truth in words: "Helm release helm-live/web revision 2 (Secret sh.helm.release.v1.web.v2)". */
  desiredFrom: z.string().nullable(),
  /** Why no desired state could be read (desiredSource "none"). */
  noDesired: z.string().optional(),
  /** The object's deployer in words ("Helm release shop/shop", "Flux Kustomization flux-system/apps"). */
  deployer: z.string().nullable(),
  /** The field managers counted as the deployer: their writes are not drift. */
  deployerManagers: z.array(z.string()),
  /** Fields whose live value differs from the desired state (only paths the desired state sets). */
  changes: z.array(FieldChangeSchema),
  changesOmitted: z.number().int(),
  /** Fields last written by a manager other than the deployer (managedFields). */
  writers: z.array(DriftWriterSchema),
  /** Something differs from the desired state, or a manager other than the deployer owns fields. */
  drifted: z.boolean(),
  summary: z.string(),
  warnings: z.array(z.string()),
  /** Where the cluster state came from. */
  source: z.string(),
  diffedAt: z.string(),
});
export type DiffResult = z.infer<typeof DiffResultSchema>;
