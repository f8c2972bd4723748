// The CCVE scan: run each rule's check over the batch traces and the index, and turn raw findings
// into findings with the rule's id, severity, texts and remediation commands filled in.
import { batchIndexes } from '../index/batch-indexes.js';
import type { ClusterIndex } from '../index/cluster-index.js';
import type { BatchTrace } from '../inventory/batch.js';
import { CHECKS } from './checks/index.js';
import type { RawFinding } from './checks/types.js';
import { atLeast, type Category, type Finding, type Rule, type ScanReport, type Severity } from './model.js';
import { loadRules } from './rules.js';
import { fillCommand, fillTemplate, variablesFor } from './template.js';

export interface ScanOptions {
  /** Only findings at or above this severity. */
  severity?: Severity;
  category?: Category;
  /** Only findings about objects in this namespace (or affecting objects in it). */
  namespace?: string;
  /** Seconds a reconciler may stay not ready before it counts as stuck (default 600). */
  stuckThresholdSeconds?: number;
  /** Rules to run (default: rules/ccve shipped with the package). */
  rules?: Rule[];
  now?: Date;
}

export const DEFAULT_STUCK_THRESHOLD_SECONDS = 600;
const MAX_AFFECTED = 20;

export function scanCluster(
  batch: BatchTrace,
  index: ClusterIndex,
  options: ScanOptions & { source: string; cacheAgeSeconds: number },
): ScanReport {
  const rules = (options.rules ?? loadRules()).filter((r) => !r.deprecated);
  const context = {
    batch,
    index,
    indexes: batchIndexes(index),
    now: options.now ?? batch.tracedAt,
    stuckThresholdSeconds: options.stuckThresholdSeconds ?? DEFAULT_STUCK_THRESHOLD_SECONDS,
  };
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (options.severity && !atLeast(rule.severity, options.severity)) continue;
    if (options.category && rule.category !== options.category) continue;
    const check = CHECKS[rule.check];
    if (!check) continue; // loadRules() refuses unknown checks; a hand-built rule list may not
    for (const raw of check(context, rule)) {
      if (options.namespace && !touches(raw, options.namespace)) continue;
      findings.push(toFinding(rule, raw));
    }
  }
  const order = (s: Severity) => -['info', 'warning', 'critical'].indexOf(s);
  findings.sort(
    (a, b) =>
      order(a.severity) - order(b.severity) ||
      a.ruleId.localeCompare(b.ruleId) ||
      key(a).localeCompare(key(b)),
  );
  const counts = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  const report: ScanReport = {
    source: options.source,
    generatedAt: context.now.toISOString(),
    cacheAgeSeconds: options.cacheAgeSeconds,
    rulesChecked: rules.length,
    counts,
    findings,
    warnings: [...index.warnings],
  };
  if (options.namespace) report.namespace = options.namespace;
  return report;
}

function touches(raw: RawFinding, namespace: string): boolean {
  return raw.object.namespace === namespace || (raw.affected ?? []).some((a) => a.namespace === namespace);
}

function key(f: Finding): string {
  return `${f.object.namespace ?? ''}/${f.object.kind}/${f.object.name}`;
}

function toFinding(rule: Rule, raw: RawFinding): Finding {
  const variables = { ...variablesFor(raw.object), ...(raw.variables ?? {}) };
  const affected = raw.affected ?? [];
  return {
    ruleId: rule.id,
    name: rule.title ?? rule.name,
    category: rule.category,
    severity: rule.severity,
    confidence: rule.confidence,
    object: raw.object,
    link: raw.link ?? null,
    message: raw.message,
    evidence: raw.evidence,
    affected: affected.slice(0, MAX_AFFECTED),
    affectedCount: affected.length,
    remediation: {
      steps: rule.remediation.steps.map((s) => fillTemplate(s, variables)),
      commands: rule.remediation.commands.map((c) => fillCommand(c, variables)),
    },
    references: rule.references,
  };
}
