// The TraceResult model: one zod schema is the single source of the TypeScript types and of the
// JSON contract printed by `cub-scout trace -o json`, returned by the MCP server and stored in the
// trace history. Scripts rely on it: add fields, never rename or remove them.
import { z } from 'zod';

export const ResourceRefSchema = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
});
export type ResourceRef = z.infer<typeof ResourceRefSchema>;

export const ToolSchema = z.enum(['flux', 'argo', 'helm', 'confighub', 'kubectl', 'kustomize', 'none']);
export type Tool = z.infer<typeof ToolSchema>;

export const ManagedSchema = z.enum(['managed', 'orphaned', 'never-managed']);
export type Managed = z.infer<typeof ManagedSchema>;

/** What a link is in the chain. Branches (a HelmRelease's chart source) show up as extra roles. */
export const LinkRoleSchema = z.enum([
  'origin', // ConfigHub unit, the authoring origin above the GitOps chain
  'producer', // the object that produces an ExternalArtifact (e.g. ArtifactGenerator)
  'source', // GitRepository, OCIRepository, Bucket, ExternalArtifact: where config comes from
  'chart-source', // HelmRepository / GitRepository / Bucket a HelmChart is fetched from
  'chart', // HelmChart
  'applier', // a Kustomization / ResourceSet / FluxInstance / parent Application that applied a deployer
  'generator', // ApplicationSet
  'dependency', // a Kustomization / HelmRelease named in spec.dependsOn that is not ready: what the next deployer waits for
  'deployer', // the Kustomization / HelmRelease / Application that applied the object
  'release', // a Helm release (storage Secret)
  'owner', // an ownerReference between the deployed object and the traced one
  'object', // the traced object itself
]);
export type LinkRole = z.infer<typeof LinkRoleSchema>;

export const ChainLinkSchema = z.object({
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  apiVersion: z.string(),
  role: LinkRoleSchema,
  /** From conditions (Ready, Argo health/sync, Helm status), never from message text; null = no signal. */
  ready: z.boolean().nullable(),
  /** Short human status: "Ready", "Reconciliation failed", "Synced/Healthy", "deployed". */
  status: z.string().nullable(),
  reason: z.string().nullable(),
  message: z.string().nullable(),
  revision: z.string().nullable(),
  path: z.string().nullable(),
  url: z.string().nullable(),
  suspended: z.boolean(),
  /** false when status.observedGeneration < metadata.generation: the controller has not seen the spec yet. */
  reconciled: z.boolean().nullable().optional(),
  lastTransitionTime: z.string().nullable().optional(),
  /** Which delivery system this link belongs to. */
  tool: ToolSchema.optional(),
  /** Set when the link is a reference to an object that does not exist in the cluster. */
  missing: z.boolean().optional(),
  /** Extra, tool-specific facts shown in wide output (chart version, sync status, unit URL...). */
  details: z.record(z.string(), z.string()).optional(),
});
export type ChainLink = z.infer<typeof ChainLinkSchema>;

export const DiagnosisSchema = z.object({
  healthy: z.boolean(),
  /** Index into `chain` of the first broken link counted from the origin, or null. */
  brokenAt: z.number().int().nullable(),
  /** The revision that actually runs (applied by the deployer). */
  running: z.string().nullable(),
  /** The revision the source offers / the deployer wants. */
  expected: z.string().nullable(),
  stale: z.boolean().optional(),
  summary: z.string(),
  /** Commands to look closer at the broken link and retry it (flux, argocd, helm, kubectl), as
   * text to copy: cub-scout never runs them. Absent or empty when nothing is broken. */
  fix: z.array(z.string()).optional(),
});
export type Diagnosis = z.infer<typeof DiagnosisSchema>;

/** Why the engine reached its ownership verdict: marks, annotations, managers found on the object. */
export const EvidenceSchema = z.object({
  kind: z.string(), // e.g. "label", "annotation", "managedField", "inventory", "ownerReference"
  key: z.string(),
  value: z.string(),
  note: z.string().optional(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const TraceResultSchema = z.object({
  object: ResourceRefSchema,
  tool: ToolSchema,
  managed: ManagedSchema,
  /** Every link from the origin to the object is known and the object is listed by its deployer. */
  fullyManaged: z.boolean(),
  /** Origin first, the traced object last. */
  chain: z.array(ChainLinkSchema),
  diagnosis: DiagnosisSchema,
  /** Ownership evidence (marks, managers) behind the `tool` and `managed` verdicts. */
  evidence: z.array(EvidenceSchema).optional(),
  /** The object is one a cluster creates for itself (kube-root-ca.crt, default ServiceAccount...). */
  system: z.boolean().optional(),
  warnings: z.array(z.string()),
  tracedAt: z.string(),
  /** Where the cluster state came from: a kube context name or a snapshot path. */
  source: z.string().optional(),
});
export type TraceResult = z.infer<typeof TraceResultSchema>;
