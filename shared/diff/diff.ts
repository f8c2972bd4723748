// `diff`: what differs between an object and what its deployer wants, and who changed it. The
// desired state comes from the object's Helm release manifest, else its last-applied-configuration;
// where neither is readable (a Flux Kustomization applies an artifact served inside the cluster, Argo
// CD renders in its repo-server) we say so and fall back on managedFields alone. managedFields name
// the writer of every drifted field and when it wrote it.
import { clip } from '../errors/clip.js';
import { notFound } from '../errors/index.js';
import type { DiffResult, FieldChange } from '../model/diff.js';
import type { ClusterReader, KubeObject } from '../reader/types.js';
import { apiVersionOf } from '../reader/types.js';
import { checkObjectName } from '../resource-arg.js';
import { compareObjects, type RawChange } from './compare.js';
import { helmDesired } from './helm-manifest.js';
import { HIDDEN, hasHiddenData, hideData, lastAppliedOf } from './hidden-data.js';
import { type Deployer, deployerOf, driftWriters, managedEntries, ownerOf } from './managers.js';

export const MAX_CHANGES = 200;
const MAX_VALUE = 200;

export interface DiffOptions {
  now?: Date;
}

type Desired =
  | { source: 'helm-release' | 'last-applied'; doc: Record<string, unknown>; from: string }
  | { source: 'none'; why: string };

export async function diffResource(
  reader: ClusterReader,
  kindArg: string,
  name: string,
  namespace?: string,
  options: DiffOptions = {},
): Promise<DiffResult> {
  checkObjectName(name);
  if (namespace !== undefined) checkObjectName(namespace, 'namespace');
  const kind = await reader.resolveKind(kindArg);
  const ns = kind.namespaced ? (namespace ?? 'default') : undefined;
  const read = await readLive(reader, kind, name, ns);
  if (!read) throw notFound(`${kind.kind} ${ns ? `${ns}/` : ''}${name}`, reader.source);
  const { live, lastApplied } = read;
  const deployer = deployerOf(live, lastApplied !== undefined);
  const warnings: string[] = [];
  const desired = await desiredState(reader, live, lastApplied, deployer, warnings);
  const entries = managedEntries(live, deployer);
  const raw = desired.source === 'none' ? [] : compareObjects(desired.doc, live);
  const changes = raw.slice(0, MAX_CHANGES).map((c) => fieldChange(c, ownerOf(c.path, entries)));
  const writers = driftWriters(entries, deployer);
  const result: DiffResult = {
    object: {
      apiVersion: apiVersionOf(kind),
      kind: kind.kind,
      name,
      ...(ns ? { namespace: ns } : {}),
    },
    desiredSource: desired.source,
    desiredFrom: desired.source === 'none' ? null : desired.from,
    deployer: deployer?.what ?? null,
    deployerManagers: [...new Set(deployer?.managers.map((m) => m.manager) ?? [])],
    changes,
    changesOmitted: Math.max(0, raw.length - MAX_CHANGES),
    writers,
    drifted: raw.length > 0 || writers.length > 0,
    summary: '',
    warnings,
    source: reader.source,
    diffedAt: (options.now ?? new Date()).toISOString(),
  };
  if (desired.source === 'none') result.noDesired = desired.why;
  result.summary = summarize(result);
  return result;
}

/** The live object, Secret/ConfigMap data reduced to key names, and its last-applied state. */
async function readLive(
  reader: ClusterReader,
  kind: Awaited<ReturnType<ClusterReader['resolveKind']>>,
  name: string,
  namespace: string | undefined,
): Promise<{ live: KubeObject; lastApplied: Record<string, unknown> | undefined } | undefined> {
  const take = (obj: KubeObject) => ({ live: hideData(obj), lastApplied: lastAppliedOf(obj) });
  // Readers keep no Secret or ConfigMap data: their key names need the whole object, read once.
  if (kind.group === '' && hasHiddenData(kind.kind) && reader.readWhole)
    return reader.readWhole(kind, name, namespace, take);
  const obj = await reader.get(kind, name, namespace);
  return obj ? take(obj) : undefined;
}

async function desiredState(
  reader: ClusterReader,
  live: KubeObject,
  lastApplied: Record<string, unknown> | undefined,
  deployer: Deployer | undefined,
  warnings: string[],
): Promise<Desired> {
  const helm = await helmDesired(reader, live);
  if (helm) warnings.push(...helm.warnings);
  if (helm?.found) return { source: 'helm-release', doc: helm.doc, from: helm.from };
  if (helm && lastApplied) warnings.push(`${helm.why}; comparing with last-applied-configuration instead`);
  if (lastApplied)
    return {
      source: 'last-applied',
      doc: lastApplied,
      from: 'the kubectl.kubernetes.io/last-applied-configuration annotation (what kubectl apply sent last)',
    };
  if (helm) return { source: 'none', why: helm.why };
  return { source: 'none', why: noDesiredState(deployer) };
}

function noDesiredState(deployer: Deployer | undefined): string {
  const who = deployer?.what ?? '';
  if (who.startsWith('Flux Kustomization'))
    return `${who} applies an artifact that source-controller serves inside the cluster; its desired state is not readable through the Kubernetes API (flux diff kustomization shows it from a checkout)`;
  if (who.startsWith('Argo CD'))
    return `${who} renders its desired state in the Argo CD repo-server, which the Kubernetes API does not serve (argocd app diff shows it)`;
  if (who) return `${who} leaves no desired state on the object`;
  return 'no deployer and no desired state on the object (no Helm release, no last-applied-configuration)';
}

function fieldChange(raw: RawChange, writer: FieldChange['writer']): FieldChange {
  const change: FieldChange = { path: raw.path, change: raw.change };
  if (raw.desired !== undefined && raw.desired !== HIDDEN) change.desired = valueText(raw.desired);
  if (raw.live !== undefined && raw.live !== HIDDEN) change.live = valueText(raw.live);
  if (writer) change.writer = writer;
  return change;
}

function valueText(value: unknown): string {
  return clip(JSON.stringify(value) ?? String(value), MAX_VALUE);
}

function summarize(r: DiffResult): string {
  const what = `${r.object.kind} ${r.object.namespace ? `${r.object.namespace}/` : ''}${r.object.name}`;
  const parts: string[] = [];
  const changed = r.changes.length + r.changesOmitted;
  if (r.desiredSource !== 'none')
    parts.push(
      changed === 0 ? 'matches its desired state' : `differs from its desired state in ${changed} field(s)`,
    );
  else parts.push('has no readable desired state');
  if (r.writers.length > 0)
    parts.push(
      `fields last written by ${[...new Set(r.writers.map((w) => w.manager))].join(', ')} (not its deployer)`,
    );
  else if (r.deployer) parts.push(`no fields written by others than ${r.deployerManagers.join('/')}`);
  return `${what} ${parts.join('; ')}.`;
}
