// What the fixture loader adds so that a snapshot scenario can be created on a real API server:
//
// - Scenario YAML often leaves out what the engine never reads but the API server requires: a
//   workload's selector, pod template and containers. The loader adds the smallest valid ones
//   (labelled cub-scout.test/placeholder) and leaves every field the scenario sets alone.
// - Scenarios may hold kinds of other projects (cert-manager Certificates, ...) that the test bed
//   has no CRD for. The loader installs a schemaless CRD for them, named the way the snapshot
//   reader guesses it (plural = lowercase kind + "s"), for the time the scenario is loaded.
import type { KubeObject } from '../../shared/reader/types.js';
import { groupOf } from '../../shared/reader/types.js';

const PLACEHOLDER_LABEL = 'cub-scout.test/placeholder';
const PLACEHOLDER_NODE = 'cub-scout-testbed-node';
const PLACEHOLDER_CONTAINER = { name: 'placeholder', image: 'registry.invalid/placeholder:0' };

// biome-ignore lint/suspicious/noExplicitAny: pod specs are untyped in KubeObject
type Spec = any;

/** Copies of the scenario's objects that the API server accepts: required workload fields filled
 * in when missing. A synthesized selector uses the labels the workload's children (by
 * ownerReference uid) have in common, so that the controllers keep them as children; when they
 * have none in common, the children get a placeholder label that the selector matches. */
export function withRequiredFields(objects: KubeObject[]): KubeObject[] {
  const copies = objects.map((o) => structuredClone(o));
  const children = new Map<string, KubeObject[]>();
  for (const obj of copies)
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const list = children.get(ref.uid) ?? [];
      list.push(obj);
      children.set(ref.uid, list);
    }
  for (const obj of copies) {
    const own = obj.metadata.uid ? (children.get(obj.metadata.uid) ?? []) : [];
    fill(obj, () => selectorFor(obj, own));
  }
  return copies;
}

const HASH_LABELS = new Set(['pod-template-hash', 'controller-revision-hash']);

function selectorFor(obj: KubeObject, own: KubeObject[]): Record<string, string> {
  const common = own.length
    ? Object.entries(own[0]?.metadata.labels ?? {}).filter(
        ([key, value]) => !HASH_LABELS.has(key) && own.every((c) => c.metadata.labels?.[key] === value),
      )
    : Object.entries((obj.spec?.template?.metadata?.labels ?? {}) as Record<string, string>);
  if (common.length > 0) return Object.fromEntries(common);
  const placeholder = { [PLACEHOLDER_LABEL]: obj.metadata.name };
  for (const child of own) child.metadata.labels = { ...(child.metadata.labels ?? {}), ...placeholder };
  return placeholder;
}

function fill(obj: KubeObject, selector: () => Record<string, string>): void {
  const group = groupOf(obj.apiVersion);
  if (group === '' && obj.kind === 'Pod') {
    obj.spec = podSpec(obj.spec ?? {});
    // A controller that sees one pod too many deletes an unscheduled one first: scheduling the
    // scenario's pods (on a node that does not exist; nothing runs them) keeps them.
    if (obj.metadata.ownerReferences?.some((r) => r.controller)) obj.spec.nodeName ??= PLACEHOLDER_NODE;
  } else if (
    group === 'apps' &&
    ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'].includes(obj.kind)
  ) {
    obj.spec = templated(obj.spec ?? {}, selector, 'Always');
  } else if (group === 'batch' && obj.kind === 'Job') {
    const spec: Spec = obj.spec ?? {};
    spec.template = template(spec.template, undefined, 'Never');
    obj.spec = spec;
  } else if (group === 'batch' && obj.kind === 'CronJob') {
    const spec: Spec = obj.spec ?? {};
    spec.schedule ??= '0 0 * * *';
    spec.jobTemplate ??= {};
    spec.jobTemplate.spec ??= {};
    spec.jobTemplate.spec.template = template(spec.jobTemplate.spec.template, undefined, 'Never');
    obj.spec = spec;
  }
}

function templated(spec: Spec, selector: () => Record<string, string>, restartPolicy: string): Spec {
  if (!spec.selector) spec.selector = { matchLabels: selector() };
  const labels = spec.selector.matchLabels;
  spec.template = template(spec.template, labels, restartPolicy);
  return spec;
}

function template(given: Spec, labels: Record<string, string> | undefined, restartPolicy: string): Spec {
  const t: Spec = given ?? {};
  t.metadata ??= {};
  if (labels) t.metadata.labels = { ...labels, ...(t.metadata.labels ?? {}) };
  t.spec = podSpec(t.spec ?? {});
  if (restartPolicy !== 'Always') t.spec.restartPolicy ??= restartPolicy;
  return t;
}

function podSpec(spec: Spec): Spec {
  if (!Array.isArray(spec.containers) || spec.containers.length === 0)
    spec.containers = [PLACEHOLDER_CONTAINER];
  return spec;
}

/** A CustomResourceDefinition that serves `obj`'s kind with any content (and a status subresource). */
export function placeholderCrd(obj: KubeObject, namespaced: boolean): KubeObject {
  const group = groupOf(obj.apiVersion);
  const version = obj.apiVersion.slice(obj.apiVersion.indexOf('/') + 1);
  const plural = `${obj.kind.toLowerCase()}s`;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}`, labels: { [PLACEHOLDER_LABEL]: 'crd' } },
    spec: {
      group,
      scope: namespaced ? 'Namespaced' : 'Cluster',
      names: { kind: obj.kind, listKind: `${obj.kind}List`, plural, singular: obj.kind.toLowerCase() },
      versions: [
        {
          name: version,
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  };
}
