// The desktop's tables, shaped from what the engine already computed (the whole-cluster trace and
// the pipelines report): no tracing here, only rows, filters, sorting and pages.
import type { z } from 'zod';
import type { BatchTrace } from '../inventory/batch.js';
import type { ChainLink, ResourceRef, TraceResult } from '../model/trace-result.js';
import type { PipelineLevel, PipelinesReport } from '../pipelines/model.js';
import type { DeployerRowSchema, desktopApi, SourceRowSchema, WorkloadRowSchema } from './contract.js';

export type WorkloadRow = z.infer<typeof WorkloadRowSchema>;
export type DeployerRow = z.infer<typeof DeployerRowSchema>;
export type SourceRow = z.infer<typeof SourceRowSchema>;
type WorkloadsRequest = z.infer<(typeof desktopApi)['workloads']['request']>;

/** A row plus the lower-cased text a filter searches, computed once per whole-cluster trace. */
interface IndexedRow {
  row: WorkloadRow;
  text: string;
}

const rowsByBatch = new WeakMap<BatchTrace, IndexedRow[]>();

function workloadRows(batch: BatchTrace): IndexedRow[] {
  let rows = rowsByBatch.get(batch);
  if (!rows) {
    rows = batch.results.map((result) => {
      const row = workloadRow(result);
      const text = [
        row.ref.kind,
        row.ref.namespace ?? '',
        row.ref.name,
        row.tool,
        row.managed,
        row.deployer ?? '',
      ]
        .join(' ')
        .toLowerCase();
      return { row, text };
    });
    rowsByBatch.set(batch, rows);
  }
  return rows;
}

function workloadRow(result: TraceResult): WorkloadRow {
  const deployer = [...result.chain].reverse().find((l) => l.role === 'deployer' || l.role === 'release');
  const self = result.chain.at(-1);
  const row: WorkloadRow = {
    ref: result.object,
    tool: result.tool,
    managed: result.managed,
    healthy: result.system ? null : result.diagnosis.healthy,
  };
  if (deployer) row.deployer = linkName(deployer);
  const status = self?.role === 'object' && self.status ? self.status : result.diagnosis.summary;
  if (status) row.status = status;
  return row;
}

/** The filtered, sorted rows of recent queries per whole-cluster trace: scrolling asks for page after
 * page of the same query, and 100k rows are not filtered and sorted again for each. */
const queriesByBatch = new WeakMap<BatchTrace, Map<string, IndexedRow[]>>();
const QUERIES_KEPT = 8;

/** One page of the workloads table: filtered and sorted in memory, so 100k rows never cross the wire. */
export function workloadsPage(
  batch: BatchTrace,
  request: WorkloadsRequest,
): { total: number; rows: WorkloadRow[] } {
  const rows = matchingRows(batch, request);
  return {
    total: rows.length,
    rows: rows.slice(request.offset, request.offset + request.limit).map(({ row }) => row),
  };
}

function matchingRows(batch: BatchTrace, request: WorkloadsRequest): IndexedRow[] {
  const needle = request.filter?.trim().toLowerCase() ?? '';
  const key = JSON.stringify([needle, request.tool, request.managed, request.sort, request.desc ?? false]);
  let queries = queriesByBatch.get(batch);
  if (!queries) {
    queries = new Map();
    queriesByBatch.set(batch, queries);
  }
  const cached = queries.get(key);
  if (cached) {
    queries.delete(key); // most recent last
    queries.set(key, cached);
    return cached;
  }
  let rows = workloadRows(batch).filter(
    ({ row, text }) =>
      (!needle || text.includes(needle)) &&
      (!request.tool || row.tool === request.tool) &&
      (!request.managed || row.managed === request.managed),
  );
  if (request.sort) {
    const sortKeyOf = sortKey(request.sort);
    const direction = request.desc ? -1 : 1;
    rows = rows
      .map((r) => ({ r, k: sortKeyOf(r.row) }))
      .sort((a, b) => direction * (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
      .map(({ r }) => r);
  } else if (request.desc) rows = rows.slice().reverse();
  queries.set(key, rows);
  if (queries.size > QUERIES_KEPT) queries.delete(queries.keys().next().value as string);
  return rows;
}

/** Sort keys end with kind/namespace/name so that equal keys keep a stable, readable order. */
function sortKey(sort: NonNullable<WorkloadsRequest['sort']>): (row: WorkloadRow) => string {
  const tail = (r: WorkloadRow) => `${r.ref.kind}\u0000${r.ref.namespace ?? ''}\u0000${r.ref.name}`;
  switch (sort) {
    case 'name':
      return (r) => `${r.ref.name}\u0000${r.ref.namespace ?? ''}\u0000${r.ref.kind}`;
    case 'kind':
      return tail;
    case 'namespace':
      return (r) => `${r.ref.namespace ?? ''}\u0000${r.ref.kind}\u0000${r.ref.name}`;
    case 'tool':
      return (r) => `${r.tool}\u0000${tail(r)}`;
    case 'managed':
      return (r) => `${r.managed}\u0000${tail(r)}`;
    case 'health':
      // broken first, then no signal, then healthy
      return (r) => `${r.healthy === false ? 0 : r.healthy === null ? 1 : 2}\u0000${tail(r)}`;
  }
}

/** Each pipeline's deployer with its own status line (the message its controller wrote). */
export function deployerRows(report: PipelinesReport, batch: BatchTrace): DeployerRow[] {
  const own = ownLinks(batch);
  return report.pipelines.map((p) => {
    const level = p.levels.at(-1);
    const self = own.get(refKey(p.deployer));
    return {
      ref: p.deployer,
      tool: p.tool,
      ready: level?.ready ?? self?.ready ?? null,
      status: level?.status ?? self?.status ?? null,
      revision: level?.revision ?? self?.revision ?? null,
      suspended: level?.suspended ?? self?.suspended ?? false,
      message: self?.message ?? level?.problem ?? null,
    };
  });
}

/** Every source a pipeline reads (Git/OCI/Bucket/Helm repositories, Argo repos), once each. */
export function sourceRows(report: PipelinesReport, batch: BatchTrace): SourceRow[] {
  const own = ownLinks(batch);
  const rows = new Map<string, SourceRow>();
  for (const pipeline of report.pipelines) {
    for (const level of pipeline.levels) {
      if (level.role !== 'source' && level.role !== 'chart-source') continue;
      const ref = refOfLevel(level, own);
      const key = refKey(ref);
      if (rows.has(key)) continue;
      const self = own.get(key);
      const row: SourceRow = {
        ref,
        url: level.url ?? self?.url ?? null,
        revision: level.revision ?? self?.revision ?? null,
        ready: level.ready,
        status: level.status,
        message: self?.message ?? level.problem,
      };
      if (level.tool) row.tool = level.tool;
      rows.set(key, row);
    }
  }
  return [...rows.values()];
}

/** The object link of every traced object: its own status, message and revision. */
const ownByBatch = new WeakMap<BatchTrace, Map<string, ChainLink>>();
function ownLinks(batch: BatchTrace): Map<string, ChainLink> {
  let own = ownByBatch.get(batch);
  if (!own) {
    own = new Map();
    for (const result of batch.results) {
      const self = result.chain.at(-1);
      if (self) own.set(refKey(result.object), self);
    }
    ownByBatch.set(batch, own);
  }
  return own;
}

function refOfLevel(level: PipelineLevel, own: Map<string, ChainLink>): ResourceRef {
  const apiVersion =
    own.get(refKey({ apiVersion: '', kind: level.kind, name: level.name, namespace: level.namespace }))
      ?.apiVersion ?? '';
  const ref: ResourceRef = { apiVersion, kind: level.kind, name: level.name };
  if (level.namespace) ref.namespace = level.namespace;
  return ref;
}

/** Kind, namespace and name: what identifies an object among those a cluster holds. */
function refKey(ref: ResourceRef): string {
  return `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

function linkName(link: ChainLink): string {
  return `${link.kind}/${link.namespace ? `${link.namespace}/` : ''}${link.name}`;
}
