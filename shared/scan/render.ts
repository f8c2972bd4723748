// Scan findings as text: worst first, each with where it happens, why we think so, and what to run.
import { cacheLine } from '../pipelines/render.js';
import { safeView } from '../render/safe-text.js';
import { plainStyle, type Style } from '../render/style.js';
import type { Finding, ScanReport } from './model.js';

export function renderScanText(raw: ScanReport, style: Style = plainStyle): string {
  const report = safeView(raw); // cluster text with terminal control characters escaped
  const { critical, warning, info } = report.counts;
  const where = report.namespace ? `  (namespace ${report.namespace})` : '';
  const lines = [
    style.bold(
      `SCAN  ${report.findings.length} findings: ${critical} critical, ${warning} warning, ${info} info  (${report.rulesChecked} rules)${where}`,
    ),
    style.dim(cacheLine(report.source, report.cacheAgeSeconds)),
  ];
  if (report.findings.length === 0) lines.push('', `${style.ok('✓')} no CCVE rule matched`);
  for (const f of report.findings) lines.push('', ...renderFinding(f, style));
  for (const warning of report.warnings) lines.push('', style.warn(`warning: ${warning}`));
  return `${lines.join('\n')}\n`;
}

function renderFinding(f: Finding, style: Style): string[] {
  const mark =
    f.severity === 'critical'
      ? style.fail('✗ CRITICAL')
      : f.severity === 'warning'
        ? style.warn('⚠ WARNING')
        : style.dim('ℹ INFO');
  const o = f.object;
  const lines = [
    `${mark}  ${style.bold(f.ruleId)}  ${f.name}  [${f.category}]`,
    `    ${o.kind}/${o.name}${o.namespace ? ` -n ${o.namespace}` : ''}: ${f.message}`,
  ];
  if (f.link && (f.link.kind !== o.kind || f.link.name !== o.name))
    lines.push(
      `    at ${f.link.role} ${f.link.kind}/${f.link.name}${f.link.namespace ? ` -n ${f.link.namespace}` : ''}`,
    );
  for (const e of f.evidence.slice(0, 6)) lines.push(`    ${style.dim('evidence:')} ${e}`);
  if (f.affectedCount > 0) {
    const shown = f.affected
      .slice(0, 5)
      .map((a) => `${a.kind}/${a.name}`)
      .join(', ');
    const more = f.affectedCount > 5 ? ` and ${f.affectedCount - 5} more` : '';
    lines.push(`    affects ${f.affectedCount}: ${shown}${more}`);
  }
  f.remediation.steps.forEach((s, i) => {
    lines.push(`    ${i + 1}. ${s}`);
  });
  for (const c of f.remediation.commands) lines.push(`    $ ${c}`);
  return lines;
}
