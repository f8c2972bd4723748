// "What ran before": the deployer's own record of what it applied, merged with our saved traces of
// the object, newest first ("revision 3 applied at T1 by Flux HelmRelease x; our trace at T2 saw it
// stale"). Each deployer keeps its history in its own place: Flux Kustomization and HelmRelease in
// status.history, Argo CD Applications in status.history (successful syncs only), standalone Helm
// in one storage Secret (or ConfigMap) per revision, of which only the labels are read (version,
// status, modifiedAt): the payload, and the values in it, never.
import { oneLine } from '../errors/index.js';
import type { DeployerEvent, DeployerHistory } from '../model/deployer-history.js';
import type { ChainLink, ResourceRef, TraceResult } from '../model/trace-result.js';
import { type ClusterReader, groupOf, type KubeObject } from '../reader/types.js';
import { safeText } from '../render/safe-text.js';
import type { HistoryRecord } from './record.js';
import { type HistoryStore, sameTarget } from './store.js';

export interface DeployerHistoryOptions {
  /** Our saved traces to merge in; none without a store. */
  store?: HistoryStore | undefined;
  /** Events to return (newest first); default 50. */
  limit?: number;
}

/** Deployer kinds by API group, with where their history lives. */
const DEPLOYERS: Record<string, string> = {
  'kustomize.toolkit.fluxcd.io/Kustomization': 'Flux Kustomization',
  'helm.toolkit.fluxcd.io/HelmRelease': 'Flux HelmRelease',
  'argoproj.io/Application': 'Argo CD Application',
  'helm.sh/Release': 'Helm release',
};

export async function deployerHistory(
  reader: ClusterReader,
  trace: TraceResult,
  options: DeployerHistoryOptions = {},
): Promise<DeployerHistory> {
  const warnings: string[] = [];
  const link = nearestDeployer(trace);
  const deployer = link ? refOf(link) : null;
  let from: string | null = null;
  const events: DeployerEvent[] = [];
  if (link) {
    const who = `${DEPLOYERS[`${groupOf(link.apiVersion)}/${link.kind}`]} ${link.namespace ? `${link.namespace}/` : ''}${link.name}`;
    try {
      const read = await readDeployerHistory(reader, link, who);
      from = read.from;
      events.push(...read.events);
      if (read.events.length === 0) warnings.push(`${who} records no history (${read.from} is empty)`);
    } catch (e) {
      warnings.push(`cannot read the history of ${who}: ${oneLine(e)}`);
    }
  } else
    warnings.push(
      `no deployer in the chain of ${trace.object.kind}/${trace.object.name}: nothing applied it`,
    );
  events.push(...(await traceEvents(options.store, trace, warnings)));
  events.sort((a, b) => (b.at ?? '').localeCompare(a.at ?? ''));
  const limit = options.limit ?? 50;
  return {
    object: trace.object,
    deployer,
    from,
    events: events.slice(0, limit),
    omitted: Math.max(0, events.length - limit),
    warnings,
  };
}

/** The deployer closest to the object (the object itself when it is one). */
function nearestDeployer(trace: TraceResult): ChainLink | undefined {
  for (let i = trace.chain.length - 1; i >= 0; i--) {
    const link = trace.chain[i] as ChainLink;
    if (link.missing) continue;
    if (DEPLOYERS[`${groupOf(link.apiVersion)}/${link.kind}`]) return link;
  }
  return undefined;
}

function refOf(link: ChainLink): ResourceRef {
  return {
    apiVersion: link.apiVersion,
    kind: link.kind,
    name: link.name,
    ...(link.namespace ? { namespace: link.namespace } : {}),
  };
}

async function readDeployerHistory(
  reader: ClusterReader,
  link: ChainLink,
  who: string,
): Promise<{ from: string; events: DeployerEvent[] }> {
  const group = groupOf(link.apiVersion);
  if (link.kind === 'Release' && group === 'helm.sh') return helmStorageHistory(reader, link, who);
  const kind = await reader.kindFor(group, link.kind);
  const obj = kind ? await reader.get(kind, link.name, link.namespace) : undefined;
  if (!obj) throw new Error(`${link.kind} ${link.namespace ?? ''}/${link.name} is not readable`);
  const history = Array.isArray(obj.status?.history) ? (obj.status.history as Record<string, unknown>[]) : [];
  const from = `status.history of ${link.kind} ${link.namespace ? `${link.namespace}/` : ''}${link.name}`;
  const toEvent =
    link.kind === 'Kustomization'
      ? kustomizationEvent
      : link.kind === 'HelmRelease'
        ? helmReleaseEvent
        : argoEvent;
  const events = history.map((h) => toEvent(h, who));
  // Argo CD appends (oldest first), Flux prepends: newest first either way, for equal times too.
  return { from, events: link.kind === 'Application' ? events.reverse() : events };
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Flux Kustomization status.history: one entry per distinct applied revision (digest). */
function kustomizationEvent(h: Record<string, unknown>, who: string): DeployerEvent {
  const revision = str((h.metadata as Record<string, unknown> | undefined)?.revision);
  const status = str(h.lastReconciledStatus);
  const at = str(h.lastReconciled);
  const runs = typeof h.totalReconciliations === 'number' ? h.totalReconciliations : undefined;
  const since = str(h.firstReconciled);
  const extra = [status, runs ? `${runs} reconciliation(s) since ${since ?? 'unknown'}` : '']
    .filter(Boolean)
    .join(', ');
  return {
    at,
    type: 'deploy',
    revision,
    status,
    by: who,
    text: `revision ${revision ?? 'unknown'} applied${at ? ` at ${at}` : ''} by ${who}${extra ? ` (${extra})` : ''}`,
  };
}

/** Flux HelmRelease status.history: Helm release snapshots, newest first. */
function helmReleaseEvent(h: Record<string, unknown>, who: string): DeployerEvent {
  const version = typeof h.version === 'number' ? String(h.version) : str(h.version);
  const chart = [str(h.chartName), str(h.chartVersion)].filter(Boolean).join(' ');
  const app = str(h.appVersion);
  const at = str(h.lastDeployed) ?? str(h.firstDeployed);
  const status = str(h.status);
  const what = [chart ? `chart ${chart}` : '', app ? `app ${app}` : ''].filter(Boolean).join(', ');
  return {
    at,
    type: 'deploy',
    revision: version ? `revision ${version}` : null,
    status,
    by: who,
    text: `revision ${version ?? 'unknown'}${what ? ` (${what})` : ''} ${status ?? 'deployed'}${at ? ` at ${at}` : ''} by ${who}`,
  };
}

/** Argo CD status.history: successful syncs, oldest first. */
function argoEvent(h: Record<string, unknown>, who: string): DeployerEvent {
  const revisions = Array.isArray(h.revisions) ? h.revisions.filter((r) => typeof r === 'string') : [];
  const revision = str(h.revision) ?? (revisions.length ? revisions.join(', ') : null);
  const at = str(h.deployedAt);
  const source = h.source as Record<string, unknown> | undefined;
  const where = [str(source?.repoURL), str(source?.path) ?? str(source?.chart)].filter(Boolean).join(' ');
  const initiated = h.initiatedBy as Record<string, unknown> | undefined;
  const starter = initiated?.automated ? 'auto-sync' : str(initiated?.username);
  const extra = [where, starter ? `started by ${starter}` : ''].filter(Boolean).join('; ');
  return {
    at,
    type: 'deploy',
    revision,
    status: 'Succeeded',
    by: who,
    text: `revision ${revision ?? 'unknown'} synced${at ? ` at ${at}` : ''} by ${who}${extra ? ` (${extra})` : ''}`,
  };
}

/** Helm storage: one Secret (or ConfigMap) per revision, read as metadata (labels) only. */
async function helmStorageHistory(
  reader: ClusterReader,
  link: ChainLink,
  who: string,
): Promise<{ from: string; events: DeployerEvent[] }> {
  const namespace = link.namespace ?? 'default';
  for (const storage of ['Secret', 'ConfigMap'] as const) {
    const kind = await reader.kindFor('', storage);
    if (!kind) continue;
    const objects = await reader.list(kind, {
      namespace,
      labelSelector: `owner=helm,name=${link.name}`,
      metadataOnly: true,
    });
    if (objects.length === 0) continue;
    const newestFirst = [...objects].sort((a, b) => revisionOf(b) - revisionOf(a));
    const events = newestFirst.map((o) => helmRevisionEvent(o, who)).filter((e) => e !== undefined);
    return {
      from: `Helm release storage (${storage}s owner=helm,name=${link.name} in ${namespace})`,
      events,
    };
  }
  return { from: `Helm release storage in ${namespace}`, events: [] };
}

function revisionOf(o: KubeObject): number {
  return Number(o.metadata.labels?.version) || 0;
}

function helmRevisionEvent(o: KubeObject, who: string): DeployerEvent | undefined {
  const labels = o.metadata.labels ?? {};
  const version = labels.version;
  if (!version) return undefined;
  const status = labels.status ?? null;
  const modified = Number(labels.modifiedAt);
  const modifiedAt =
    Number.isFinite(modified) && modified > 0 ? new Date(modified * 1000).toISOString() : null;
  // The storage object is created with its revision; modifiedAt moves when its status changes.
  const at = o.metadata.creationTimestamp ?? modifiedAt;
  const later = modifiedAt && modifiedAt !== at ? `, ${status ?? 'changed'} since ${modifiedAt}` : '';
  return {
    at,
    type: 'deploy',
    revision: `revision ${version}`,
    status,
    by: who,
    text: `revision ${version} applied${at ? ` at ${at}` : ''} by ${who} (now ${status ?? 'unknown'}${later})`,
  };
}

async function traceEvents(
  store: HistoryStore | undefined,
  trace: TraceResult,
  warnings: string[],
): Promise<DeployerEvent[]> {
  if (!store) return [];
  const o = trace.object;
  try {
    const { records } = await store.load({ resource: `${o.namespace ?? ''}/${o.kind}/${o.name}` });
    const here = { object: o, source: trace.source ?? 'unknown' };
    return records.filter((r) => sameTarget(r, here)).map(traceEvent);
  } catch (e) {
    warnings.push(`cannot read saved traces: ${oneLine(e)}`);
    return [];
  }
}

function traceEvent(r: HistoryRecord): DeployerEvent {
  const { diagnosis, chain } = r.result;
  const broken = diagnosis.brokenAt === null ? undefined : chain[diagnosis.brokenAt];
  const running = diagnosis.running;
  let status: string;
  let saw: string;
  if (broken) {
    status = 'broken';
    saw = `broken at ${broken.kind}/${broken.name} (${broken.status ?? 'not ready'})${running ? `, running ${running}` : ''}`;
  } else if (diagnosis.stale || (running && diagnosis.expected && running !== diagnosis.expected)) {
    status = 'stale';
    saw = `stale: running ${running ?? 'unknown'} while ${diagnosis.expected ?? 'a newer revision'} is wanted`;
  } else {
    status = diagnosis.healthy ? 'healthy' : 'unhealthy';
    saw = `${status}${running ? `, running ${running}` : ''}`;
  }
  return {
    at: r.savedAt,
    type: 'trace',
    revision: running,
    status,
    by: `cub-scout trace (${r.face})`,
    text: `our trace (${r.face}) at ${r.savedAt} saw it ${saw}`,
    recordId: r.id,
  };
}

/** The text of a deployer history: one line per event, newest first. */
export function renderDeployerHistory(h: DeployerHistory): string {
  const o = h.object;
  const lines = [`HISTORY ${o.kind}/${o.name}${o.namespace ? ` -n ${o.namespace}` : ''}`];
  lines.push(
    h.deployer
      ? `deployer: ${h.deployer.kind}/${h.deployer.name}${h.deployer.namespace ? ` -n ${h.deployer.namespace}` : ''}; read from ${h.from ?? 'nowhere'}`
      : 'deployer: none',
    '',
  );
  if (h.events.length === 0) lines.push('No deployments recorded and no saved traces.');
  for (const e of h.events)
    lines.push(
      `${(e.at ?? 'unknown time').padEnd(24)} ${e.type === 'deploy' ? 'DEPLOY' : 'TRACE '}  ${e.text}`,
    );
  if (h.omitted > 0) lines.push(`… ${h.omitted} older event(s) not shown (--limit)`);
  for (const w of h.warnings) lines.push(`warning: ${w}`);
  return `${lines.map(safeText).join('\n')}\n`;
}
