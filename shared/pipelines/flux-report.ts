// flux-operator's FluxReport, where the cluster serves it: Flux's version and distribution, the
// health of its controllers, how many objects each reconciler runs (failing, suspended) and the
// cluster sync. Most clusters have no flux-operator: then there is nothing to say, and nothing is
// said.
import type { FluxReportSummary } from '../model/flux-report.js';
import type { KubeObject } from '../reader/types.js';

/** The FluxReport among those listed: `flux` in flux-system (where flux-operator writes it), else
 * the first by namespace and name; undefined without one. The whole-cluster inventory lists them
 * (whole: they are few and small), so a cached index answers this too, and a FluxReport the user
 * may not list is the index's one warning. */
export function fluxReportOf(objects: readonly KubeObject[]): FluxReportSummary | undefined {
  const named = objects.find((o) => o.metadata.name === 'flux' && o.metadata.namespace === 'flux-system');
  const object = named ?? [...objects].sort(byName)[0];
  return object ? summarizeFluxReport(object) : undefined;
}

function byName(a: KubeObject, b: KubeObject): number {
  return `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
    `${b.metadata.namespace}/${b.metadata.name}`,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: FluxReport spec is read defensively
type Raw = any;

export function summarizeFluxReport(object: KubeObject): FluxReportSummary {
  const spec: Raw = object.spec ?? {};
  const distribution: Raw = spec.distribution ?? {};
  const ready = (Array.isArray(object.status?.conditions) ? object.status.conditions : []).find(
    (c: Raw) => c?.type === 'Ready',
  );
  const sync: Raw = spec.sync;
  return {
    report: `${object.metadata.namespace ?? ''}/${object.metadata.name}`,
    version: str(distribution.version),
    entitlement: str(distribution.entitlement),
    managedBy: str(distribution.managedBy),
    status: str(distribution.status),
    ready: ready ? ready.status === 'True' : null,
    components: list(spec.components).map((c) => ({
      name: str(c.name) ?? 'unknown',
      ready: c.ready === true,
      status: str(c.status) ?? '',
      ...(str(c.image) ? { image: str(c.image) as string } : {}),
    })),
    reconcilers: list(spec.reconcilers).map((r) => ({
      kind: str(r.kind) ?? 'unknown',
      apiVersion: str(r.apiVersion) ?? '',
      running: count(r.stats?.running),
      failing: count(r.stats?.failing),
      suspended: count(r.stats?.suspended),
      ...(str(r.stats?.totalSize) ? { totalSize: str(r.stats.totalSize) as string } : {}),
    })),
    sync:
      sync && typeof sync === 'object'
        ? {
            id: str(sync.id),
            source: str(sync.source),
            path: str(sync.path),
            ready: typeof sync.ready === 'boolean' ? sync.ready : null,
            status: str(sync.status),
          }
        : null,
  };
}

/** One or two lines for a report header: version, components, reconcilers, sync. */
export function fluxReportLines(flux: FluxReportSummary): string[] {
  const ready = flux.components.filter((c) => c.ready).length;
  const unready = flux.components.filter((c) => !c.ready).map((c) => c.name);
  const version = [flux.version ?? 'unknown version', flux.entitlement ? `(${flux.entitlement})` : '']
    .filter(Boolean)
    .join(' ');
  const head = [
    `FLUX  ${version}`,
    flux.managedBy ? `managed by ${flux.managedBy}` : '',
    flux.components.length
      ? `${ready}/${flux.components.length} components ready${unready.length ? ` (not ready: ${unready.join(', ')})` : ''}`
      : '',
    flux.sync
      ? `sync ${flux.sync.id ?? flux.sync.source ?? ''} ${flux.sync.ready === false ? 'failing' : flux.sync.ready ? 'ready' : 'unknown'}${flux.sync.ready === false && flux.sync.status ? `: ${flux.sync.status}` : ''}`
      : '',
  ].filter(Boolean);
  const lines = [head.join('  ·  ')];
  const busy = flux.reconcilers.filter((r) => r.running || r.failing || r.suspended);
  if (busy.length)
    lines.push(
      `      ${busy
        .map(
          (r) =>
            `${r.running} ${r.kind}${r.failing ? ` (${r.failing} failing)` : ''}${r.suspended ? ` (${r.suspended} suspended)` : ''}`,
        )
        .join(', ')}`,
    );
  return lines;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.floor(value)) : 0;
}

function list(value: unknown): Raw[] {
  return Array.isArray(value) ? value.filter((v) => v && typeof v === 'object') : [];
}
