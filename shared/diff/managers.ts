// managedFields as evidence of drift: every writer of an object is named in metadata.managedFields
// with the fields it last set, its operation (Apply or Update), the subresource and the time. The
// object's deployer (known from its marks) writes what Git wants; fields another manager owns were
// changed by hand (`kubectl edit`, `kubectl scale`), by an autoscaler, or by some other tool. What
// the server and built-in controllers keep for themselves (status, revision annotations) is not.
import type { DriftWriter, WriterRef } from '../model/diff.js';
import type { KubeObject } from '../reader/types.js';
import { LAST_APPLIED } from './compare.js';
import { decodeFieldsV1, isUnder, type OwnedFields } from './field-paths.js';

/** The deployer as marks on the object show it, and the managers it writes as. */
export interface Deployer {
  what: string;
  /** Manager names, each with the operations that are the deployer's (undefined: any). */
  managers: Array<{ manager: string; operation?: string }>;
}

export interface ManagedEntry {
  writer: WriterRef;
  fields: OwnedFields;
  /** false when the entry has no fieldsV1 (some snapshots drop it): who and when, not what. */
  fieldsKnown: boolean;
  deployer: boolean;
}

/** Fields the server or a built-in controller owns: never drift. */
const SERVER_FIELDS = [
  'status',
  'metadata.annotations["deployment.kubernetes.io/revision"]',
  `metadata.annotations[${JSON.stringify(LAST_APPLIED)}]`,
  'metadata.finalizers',
  'metadata.ownerReferences',
];
const MAX_FIELDS = 50;
const BUILT_IN = new Set(['kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-apiserver']);

export function deployerOf(obj: KubeObject, hasLastApplied: boolean): Deployer | undefined {
  const labels = obj.metadata.labels ?? {};
  const annotations = obj.metadata.annotations ?? {};
  const hr = labels['helm.toolkit.fluxcd.io/name'];
  if (hr)
    return {
      what: `Flux HelmRelease ${labels['helm.toolkit.fluxcd.io/namespace'] ?? ''}/${hr}`,
      managers: [{ manager: 'helm-controller' }, { manager: 'helm' }],
    };
  const release = annotations['meta.helm.sh/release-name'];
  if (release)
    return {
      what: `Helm release ${annotations['meta.helm.sh/release-namespace'] ?? obj.metadata.namespace ?? ''}/${release}`,
      managers: [{ manager: 'helm' }, { manager: 'helm-controller' }],
    };
  const ks = labels['kustomize.toolkit.fluxcd.io/name'];
  if (ks)
    return {
      what: `Flux Kustomization ${labels['kustomize.toolkit.fluxcd.io/namespace'] ?? ''}/${ks}`,
      managers: [{ manager: 'kustomize-controller' }],
    };
  const instance = labels['fluxcd.controlplane.io/name'];
  if (instance) return { what: `flux-operator ${instance}`, managers: [{ manager: 'flux-operator' }] };
  const tracking = annotations['argocd.argoproj.io/tracking-id'];
  const app = tracking?.split(':')[0] ?? labels['app.kubernetes.io/instance'];
  if (app && (tracking || hasArgoManager(obj)))
    return {
      what: `Argo CD Application ${app}`,
      managers: [{ manager: 'argocd-controller' }, { manager: 'argocd-application-controller' }],
    };
  if (annotations['confighub.com/UnitSlug'] || annotations['confighub.com/origin'])
    return { what: 'ConfigHub', managers: [{ manager: 'confighub' }] };
  if (hasLastApplied)
    return {
      what: 'kubectl apply',
      managers: [{ manager: 'kubectl-client-side-apply' }, { manager: 'kubectl', operation: 'Apply' }],
    };
  return undefined;
}

function hasArgoManager(obj: KubeObject): boolean {
  return (obj.metadata.managedFields ?? []).some((m) => m.manager?.startsWith('argocd'));
}

/** Every managedFields entry, decoded, the deployer's marked. */
export function managedEntries(obj: KubeObject, deployer: Deployer | undefined): ManagedEntry[] {
  return (obj.metadata.managedFields ?? []).map((entry) => {
    const writer: WriterRef = { manager: entry.manager ?? '(no manager)', what: '' };
    if (entry.operation) writer.operation = entry.operation;
    if (entry.subresource) writer.subresource = entry.subresource;
    if (entry.time) writer.time = entry.time;
    writer.what = describeWriter(writer);
    const isDeployer =
      deployer?.managers.some(
        (m) => m.manager === writer.manager && (!m.operation || m.operation === writer.operation),
      ) ?? false;
    const fieldsV1 = (entry as { fieldsV1?: unknown }).fieldsV1;
    return {
      writer,
      fields: decodeFieldsV1(fieldsV1),
      fieldsKnown: fieldsV1 !== undefined,
      deployer: isDeployer,
    };
  });
}

/** What a field manager is, in the words of the command or controller behind it. */
export function describeWriter(w: Pick<WriterRef, 'manager' | 'operation' | 'subresource'>): string {
  const m = w.manager;
  if (w.subresource === 'scale')
    return m === 'kube-controller-manager' || m.includes('horizontal-pod-autoscaler')
      ? 'HorizontalPodAutoscaler'
      : m === 'kubectl' || m === 'kubectl-scale'
        ? 'kubectl scale'
        : m;
  if (m.includes('horizontal-pod-autoscaler')) return 'HorizontalPodAutoscaler';
  if (m === 'kubectl' && w.operation === 'Apply') return 'kubectl apply --server-side';
  if (m === 'kubectl-client-side-apply') return 'kubectl apply';
  if (m === 'kubectl') return 'kubectl (create, replace or scale)';
  const verb = /^kubectl-(edit|patch|label|annotate|set|rollout|scale|replace|create)$/.exec(m)?.[1];
  if (verb) return `kubectl ${verb}`;
  if (m === 'kube-controller-manager') return 'a built-in controller (kube-controller-manager)';
  if (m === 'helm') return 'helm';
  if (m === 'helm-controller' || m === 'kustomize-controller') return `Flux ${m}`;
  if (m.startsWith('argocd')) return `Argo CD (${m})`;
  if (/^(Mozilla|Go-http-client|node-fetch|python-requests|curl)/.test(m))
    return `${m.split('/')[0]} (a client that sets no field manager)`;
  return m;
}

/** Writers other than the deployer that own fields the server does not: who, which fields, when.
 * Fields the deployer owns too (server-side apply shares ownership of equal values) are not drift.
 * Without a known deployer nothing can be called drift: undefined. */
export function driftWriters(entries: ManagedEntry[], deployer: Deployer | undefined): DriftWriter[] {
  if (!deployer) return [];
  const deployerOwned = entries.filter((e) => e.deployer).flatMap((e) => [...e.fields.owned]);
  const writers: DriftWriter[] = [];
  for (const entry of entries) {
    if (entry.deployer || entry.writer.subresource === 'status') continue;
    // Without its field set, a built-in controller's entry is most likely its own annotations.
    if (!entry.fieldsKnown && BUILT_IN.has(entry.writer.manager) && entry.writer.subresource !== 'scale')
      continue;
    const fields = entry.fields.leaves.filter(
      (path) =>
        !SERVER_FIELDS.some((server) => isUnder(path, server)) &&
        !deployerOwned.some((owned) => owned === path),
    );
    if (fields.length === 0 && entry.fieldsKnown) continue;
    writers.push({
      ...entry.writer,
      fields: fields.slice(0, MAX_FIELDS),
      fieldsOmitted: Math.max(0, fields.length - MAX_FIELDS),
    });
  }
  return writers.sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''));
}

/** The entry owning a path: exactly, else the nearest owned ancestor, else one owning a field below it. */
export function ownerOf(path: string, entries: ManagedEntry[]): WriterRef | undefined {
  const exact = entries.find((e) => e.fields.owned.has(path));
  if (exact) return exact.writer;
  let best: { writer: WriterRef; length: number } | undefined;
  for (const e of entries)
    for (const owned of e.fields.owned)
      if (isUnder(path, owned) && owned.length > (best?.length ?? -1))
        best = { writer: e.writer, length: owned.length };
  if (best) return best.writer;
  return entries.find((e) => [...e.fields.owned].some((owned) => isUnder(owned, path)))?.writer;
}
