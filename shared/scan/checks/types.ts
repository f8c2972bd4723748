// What a check is: a function from the batch traces and the index to raw findings. The scan adds
// the rule's id, severity, texts and fills the remediation commands with the finding's names.
import type { BatchIndexes } from '../../index/batch-indexes.js';
import type { ClusterIndex } from '../../index/cluster-index.js';
import type { BatchTrace } from '../../inventory/batch.js';
import type { ChainLink, ResourceRef } from '../../model/trace-result.js';
import type { KubeObject } from '../../reader/types.js';
import type { Rule } from '../model.js';
import type { TemplateVariables } from '../template.js';

export interface CheckContext {
  batch: BatchTrace;
  index: ClusterIndex;
  indexes: BatchIndexes;
  now: Date;
  /** A reconciler not ready for longer than this is stuck (default 600 s). */
  stuckThresholdSeconds: number;
}

export interface RawFinding {
  object: ResourceRef;
  link?: Pick<ChainLink, 'kind' | 'name' | 'namespace' | 'role'>;
  message: string;
  evidence: string[];
  affected?: ResourceRef[];
  /** Overrides for the remediation placeholders (default: from `object`). */
  variables?: TemplateVariables;
}

export type Check = (context: CheckContext, rule: Rule) => RawFinding[];

export function refOf(obj: KubeObject): ResourceRef {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: obj.metadata.name,
    ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
  };
}

export function refOfLink(link: ChainLink): ResourceRef {
  return {
    apiVersion: link.apiVersion,
    kind: link.kind,
    name: link.name,
    ...(link.namespace ? { namespace: link.namespace } : {}),
  };
}

export function linkRef(link: ChainLink): NonNullable<RawFinding['link']> {
  return {
    kind: link.kind,
    name: link.name,
    role: link.role,
    ...(link.namespace ? { namespace: link.namespace } : {}),
  };
}

export function linkKey(link: Pick<ChainLink, 'kind' | 'name' | 'namespace'>): string {
  return `${link.kind}/${link.namespace ?? ''}/${link.name}`;
}

export function describe(ref: { kind: string; name: string; namespace?: string | undefined }): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
