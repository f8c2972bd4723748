// Scan findings as SARIF 2.1.0, for code-scanning dashboards. Cluster objects have no file, so
// each result names its object with a logical location (`namespace/Kind/name`).
import type { Rule, ScanReport, Severity } from './model.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  warning: 'warning',
  info: 'note',
};

export function renderSarif(report: ScanReport, rules: Rule[], version: string): object {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'cub-scout',
            version,
            informationUri: 'https://github.com/confighub/cub-scout',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.check,
              shortDescription: { text: r.title ?? r.name },
              fullDescription: { text: r.root_cause },
              help: { text: [r.detection.condition, ...r.remediation.steps].join('\n') },
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { category: r.category, tags: r.tags, confidence: r.confidence },
            })),
          },
        },
        results: report.findings.map((f) => ({
          ruleId: f.ruleId,
          ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              logicalLocations: [
                {
                  name: f.object.name,
                  fullyQualifiedName: `${f.object.namespace ?? '_cluster'}/${f.object.kind}/${f.object.name}`,
                  kind: 'resource',
                },
              ],
            },
          ],
          properties: {
            category: f.category,
            evidence: f.evidence,
            affectedCount: f.affectedCount,
            remediation: f.remediation,
          },
        })),
        properties: { source: report.source, cacheAgeSeconds: report.cacheAgeSeconds },
      },
    ],
  };
}
