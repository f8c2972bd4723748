// The answers of the whole-cluster tools (list_pipelines, scan_ccve), from an engine to a tool
// result: the engine's report, ordered worst first, cut into a page that fits an assistant (see
// paging.ts), with what was left out and how to get it. They run in a worker thread
// (cluster-worker.ts) so that the server keeps answering meanwhile.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Engine } from '../../shared/engine.js';
import type { TraceResult } from '../../shared/model/trace-result.js';
import type { Pipeline } from '../../shared/pipelines/model.js';
import { renderPipeline, renderPipelinesText } from '../../shared/pipelines/render.js';
import type { OnProgress } from '../../shared/progress.js';
import { plainStyle } from '../../shared/render/style.js';
import type { Category, Finding, ScanReport, Severity } from '../../shared/scan/model.js';
import { renderScanText } from '../../shared/scan/render.js';
import { DEFAULT_FINDINGS_LIMIT, DEFAULT_PIPELINES_LIMIT } from './batch-schemas.js';
import { DEFAULT_BUDGET_CHARS, jsonSize, offsetOf, type Page, pageBySize } from './paging.js';
import { success } from './results.js';

/** Per-object traces kept per pipeline, unhealthy ones first. */
const MAX_TRACES_PER_PIPELINE = 20;
const MAX_WARNINGS = 10;

export interface PageArgs {
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface PipelinesArgs extends PageArgs {
  namespace?: string | undefined;
  unhealthyOnly?: boolean | undefined;
  trace?: boolean | undefined;
  traceHealthy?: boolean | undefined;
}

export interface ScanArgs extends PageArgs {
  namespace?: string | undefined;
  severity?: Severity | undefined;
  categories?: Category[] | undefined;
}

export interface AnswerOptions {
  onProgress?: OnProgress;
  /** Characters the page may take, text and structured content together. */
  budget?: number;
}

export async function answerPipelines(
  engine: Engine,
  args: PipelinesArgs,
  options: AnswerOptions = {},
): Promise<CallToolResult> {
  const offset = offsetOf(args.cursor);
  const report = await engine.pipelines({
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(args.namespace ? { namespace: args.namespace } : {}),
    ...(args.unhealthyOnly ? { unhealthyOnly: true } : {}),
    ...(args.trace ? { traces: true } : {}),
  });
  let omittedTraces = 0;
  // The engine orders pipelines unhealthy first; traces are kept for the unhealthy ones only
  // unless asked for all, and unhealthy traces first within a pipeline.
  const shaped = report.pipelines.map((p): Pipeline => {
    if (!p.traces) return p;
    const { traces, ...rest } = p;
    if (p.healthy && !args.traceHealthy) {
      omittedTraces += traces.length;
      return rest;
    }
    const kept = unhealthyFirst(traces).slice(0, MAX_TRACES_PER_PIPELINE);
    omittedTraces += traces.length - kept.length;
    return { ...rest, traces: kept };
  });
  const page = pageBySize(shaped, {
    offset,
    limit: args.limit ?? DEFAULT_PIPELINES_LIMIT,
    budget: (options.budget ?? DEFAULT_BUDGET_CHARS) - 2_000,
    cost: (p) => jsonSize(p) + renderPipeline(p, plainStyle).join('\n').length,
  });
  const unhealthyAfter = shaped.slice(page.offset + page.shown.length).filter((p) => !p.healthy).length;
  const more = pipelinesMore(page, unhealthyAfter, omittedTraces, args);
  const structured = {
    ...report,
    pipelines: page.shown,
    warnings: cutWarnings(report.warnings),
    omitted: page.after,
    omittedTraces,
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    ...(more ? { more } : {}),
  };
  return success(renderPipelinesText(structured) + (more ? `\n${more}\n` : ''), structured);
}

export async function answerScan(
  engine: Engine,
  args: ScanArgs,
  options: AnswerOptions = {},
): Promise<CallToolResult> {
  const offset = offsetOf(args.cursor);
  const categories = args.categories?.length ? args.categories : undefined;
  const report = await engine.scan({
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(args.namespace ? { namespace: args.namespace } : {}),
    ...(args.severity ? { severity: args.severity } : {}),
    ...(categories?.length === 1 ? { category: categories[0] } : {}),
  });
  const filtered = categories && categories.length > 1 ? onlyCategories(report, categories) : report;
  const header = renderScanText({ ...filtered, findings: [], warnings: [] }).length;
  const page = pageBySize(filtered.findings, {
    offset,
    limit: args.limit ?? DEFAULT_FINDINGS_LIMIT,
    budget: (options.budget ?? DEFAULT_BUDGET_CHARS) - 2_000,
    cost: (f) => jsonSize(f) + renderScanText({ ...filtered, findings: [f], warnings: [] }).length - header,
  });
  const more = page.after
    ? `${page.after} more findings after these ${page.shown.length} (worst first): call scan_ccve again with cursor "${page.nextCursor}", or narrow it with severity, categories or namespace.`
    : undefined;
  const structured = {
    ...filtered,
    findings: page.shown,
    warnings: cutWarnings(filtered.warnings),
    omitted: page.after,
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    ...(more ? { more } : {}),
  };
  return success(renderScanText(structured) + (more ? `\n${more}\n` : ''), structured);
}

function pipelinesMore(
  page: Page<Pipeline>,
  unhealthyAfter: number,
  omittedTraces: number,
  args: PipelinesArgs,
): string | undefined {
  const parts: string[] = [];
  if (page.after) {
    const which = unhealthyAfter ? `${unhealthyAfter} of them unhealthy` : 'all healthy';
    const narrow = args.unhealthyOnly
      ? 'or narrow it with namespace'
      : 'or narrow it with unhealthyOnly or namespace';
    parts.push(
      `${page.after} more pipelines after these ${page.shown.length} (${which}): call list_pipelines again with cursor "${page.nextCursor}", ${narrow}.`,
    );
  }
  if (omittedTraces)
    parts.push(
      `${omittedTraces} per-object traces left out (traces of healthy pipelines need traceHealthy: true; at most ${MAX_TRACES_PER_PIPELINE} per pipeline): call trace_resource for any object.`,
    );
  return parts.length ? parts.join(' ') : undefined;
}

function unhealthyFirst(traces: TraceResult[]): TraceResult[] {
  return [...traces].sort((a, b) => Number(a.diagnosis.healthy) - Number(b.diagnosis.healthy));
}

function cutWarnings(warnings: string[]): string[] {
  if (warnings.length <= MAX_WARNINGS) return warnings;
  return [...warnings.slice(0, MAX_WARNINGS), `(${warnings.length - MAX_WARNINGS} more warnings)`];
}

/** The engine filters one category; several are the union, counted again. */
function onlyCategories(report: ScanReport, categories: string[]): ScanReport {
  const findings: Finding[] = report.findings.filter((f) => categories.includes(f.category));
  const counts = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return { ...report, findings, counts };
}
