// Pipelines as text: one block per pipeline, the levels as a tree, then what it delivers.
//
//   PIPELINES  7/8 healthy
//   ✓ https://github.com/company/infra@main@sha1:abc123
//     └─▶ Kustomization/apps (./clusters/prod/apps)
//         └─▶ 5 Deployments, 3 Services, 2 ConfigMaps

import { safeView } from '../render/safe-text.js';
import { plainStyle, type Style } from '../render/style.js';
import { shortRevision } from '../trace/flux-revisions.js';
import { fluxReportLines } from './flux-report.js';
import type { DeliveredKind, Pipeline, PipelineLevel, PipelinesReport } from './model.js';

export function renderPipelinesText(raw: PipelinesReport, style: Style = plainStyle): string {
  const report = safeView(raw); // cluster text with terminal control characters escaped
  const lines: string[] = [];
  const where = report.namespace ? `  (namespace ${report.namespace})` : '';
  lines.push(style.bold(`PIPELINES  ${report.healthy}/${report.total} healthy${where}`));
  lines.push(style.dim(cacheLine(report.source, report.cacheAgeSeconds)));
  if (report.flux) lines.push(...fluxReportLines(report.flux));
  if (report.pipelines.length === 0)
    lines.push('', report.total ? 'every pipeline is healthy' : 'no delivery pipelines found');
  for (const group of bySource(report.pipelines)) {
    lines.push('');
    group.forEach((pipeline, i) => {
      const tree = renderPipeline(pipeline, style, group);
      lines.push(...(i === 0 ? tree : tree.slice(1)));
    });
  }
  for (const warning of report.warnings) lines.push('', style.warn(`warning: ${warning}`));
  return `${lines.join('\n')}\n`;
}

/** "read from context prod just now" / "cached 42s ago": cached answers say how old they are. */
export function cacheLine(source: string, ageSeconds: number): string {
  if (ageSeconds < 1) return `${source}, read just now`;
  return `${source}, cached ${formatAge(ageSeconds)} ago`;
}

function formatAge(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  return `${Math.round(seconds / 3600)}h`;
}

/** Pipelines fed by the same source, in the order they come: the source is shown once for all. */
function bySource(pipelines: Pipeline[]): Pipeline[][] {
  const groups = new Map<string, Pipeline[]>();
  pipelines.forEach((p, i) => {
    const [first] = p.levels;
    const shared = p.levels.length > 1 && first;
    const key = shared ? `${first.kind}/${first.namespace ?? ''}/${first.name}` : `#${i}`;
    const group = groups.get(key);
    if (group) group.push(p);
    else groups.set(key, [p]);
  });
  return [...groups.values()];
}

/** One pipeline as a tree, its source first (`group`: the pipelines sharing that source, whose
 * health the source's mark sums up). */
export function renderPipeline(p: Pipeline, style: Style, group: Pipeline[] = [p]): string[] {
  const lines: string[] = [];
  const [first, ...rest] = p.levels;
  if (!first) return lines;
  const head = group.every((g) => g.healthy) ? style.ok('✓') : style.fail('✗');
  lines.push(`${head} ${describeLevel(first, true)}${problem(first, style)}`);
  let indent = '  ';
  for (const level of rest) {
    lines.push(`${indent}└─▶ ${describeLevel(level, false)}${problem(level, style)}`);
    indent += '    ';
  }
  const delivered = p.delivers.length ? p.delivers.map(countText).join(', ') : 'nothing delivered yet';
  const orphans = p.orphanCount ? style.warn(`  (+${p.orphanCount} orphaned)`) : '';
  lines.push(`${indent}└─▶ ${delivered}${orphans}`);
  for (const o of p.unhealthyObjects) {
    lines.push(
      `${indent}    ${style.fail('✗')} ${o.kind}/${o.name}${o.namespace ? ` -n ${o.namespace}` : ''}: ${o.summary}`,
    );
  }
  for (const t of p.traces ?? []) {
    const mark = t.diagnosis.healthy
      ? style.ok('✓')
      : t.managed === 'orphaned'
        ? style.warn('⚠')
        : style.fail('✗');
    const last = t.chain[t.chain.length - 1];
    lines.push(
      `${indent}    ${mark} ${t.object.kind}/${t.object.name}${t.object.namespace ? ` -n ${t.object.namespace}` : ''}  ${last?.status ?? ''}`,
    );
  }
  return lines;
}

/** A source shows where it reads from (`url@revision`); other levels their `Kind/name (path)`. */
function describeLevel(level: PipelineLevel, first: boolean): string {
  const revision = level.revision ? shortRevision(level.revision) : null;
  const at = level.url ? `${level.url}${revision ? `@${revision}` : ''}` : null;
  const sourceRole = ['source', 'chart-source', 'producer'].includes(level.role);
  if (first && at && sourceRole) return at;
  if (first && at) return `${level.kind}/${level.name} (${at})`;
  const name = `${level.kind}/${level.name}`;
  const path = level.path ? ` (${level.path})` : '';
  return `${name}${path}`;
}

function problem(level: PipelineLevel, style: Style): string {
  if (!level.problem) return '';
  return `  ${style.fail(level.problem)}`;
}

function countText(d: DeliveredKind): string {
  const bad = d.unhealthy ? ` (${d.unhealthy} unhealthy)` : '';
  return `${d.count} ${d.count === 1 ? d.kind : plural(d.kind)}${bad}`;
}

export function plural(kind: string): string {
  if (/[^aeiou]y$/.test(kind)) return `${kind.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(kind)) return `${kind}es`;
  return `${kind}s`;
}
