// Text rendering of a TraceResult: the tree people read at 2 a.m.
//
//   GitRepository/infra-repo     ✓ main@sha1:def456  (2m ago)
//       └─▶ Kustomization/apps   ✗ Reconciliation failed
//           │   Error: path './clusters/prod/apps' not found
//           └─▶ Deployment/nginx ⚠ Running stale main@sha1:abc123
import type { ChainLink, TraceResult } from '../model/trace-result.js';
import { shortRevision } from '../trace/flux-revisions.js';
import { safeView } from './safe-text.js';
import { plainStyle, type Style } from './style.js';

export interface TextOptions {
  style?: Style;
  now?: Date;
  /** Wide output: every link's URL, path, details and the ownership evidence. */
  wide?: boolean;
}

export function renderTraceText(traced: TraceResult, options: TextOptions = {}): string {
  // Cluster text is printed escaped (terminal control characters), messages cut to their first line.
  const result = safeView({
    ...traced,
    chain: traced.chain.map((l) => (l.message ? { ...l, message: firstLine(l.message) } : l)),
  });
  const style = options.style ?? plainStyle;
  const now = options.now ?? new Date();
  const o = result.object;
  const lines: string[] = [];
  lines.push(
    style.bold(`TRACE: ${o.kind.toLowerCase()}/${o.name}${o.namespace ? ` -n ${o.namespace}` : ''}`),
    '',
  );

  if (result.system) {
    lines.push(`${style.dim('○')} ${o.kind}/${o.name} is created by the cluster itself (system object)`);
  } else if (result.managed === 'never-managed' && result.chain.length <= 1) {
    lines.push(`${style.warn('⚠')} not managed by GitOps`);
    const evidence = result.evidence ?? [];
    if (evidence.length === 0) lines.push('    no kubectl, kustomize or field-manager marks found');
    for (const e of evidence) lines.push(`    ${e.kind}: ${e.key} ${e.value}${e.note ? ` (${e.note})` : ''}`);
  }

  if (!(result.managed === 'never-managed' && result.chain.length <= 1) || result.system) {
    const stale = result.diagnosis.stale ? result.diagnosis.running : null;
    const width = Math.max(...result.chain.map((l, i) => indentOf(i).length + title(l).length));
    result.chain.forEach((link, i) => {
      const isLast = i === result.chain.length - 1;
      const indent = indentOf(i);
      const name = title(link).padEnd(width - indent.length);
      lines.push(
        `${indent}${style.bold(name)}  ${mark(link, isLast && !!stale, style)} ${describeLink(link, isLast ? stale : null, now)}`,
      );
      const pad = i === 0 ? '    ' : `${' '.repeat(indent.length)}${isLast ? '    ' : '│   '}`;
      if (link.ready === false || link.missing) {
        if (link.message) lines.push(`${pad}${style.fail('Error:')} ${link.message}`);
      }
      if (options.wide) {
        if (link.url) lines.push(`${pad}${style.dim('URL:')} ${link.url}`);
        if (link.path) lines.push(`${pad}${style.dim('Path:')} ${link.path}`);
        for (const [k, v] of Object.entries(link.details ?? {}))
          lines.push(`${pad}${style.dim(`${k}:`)} ${v}`);
      }
    });
  }

  lines.push('');
  const d = result.diagnosis;
  const verdict =
    result.managed === 'orphaned'
      ? style.warn('ORPHANED')
      : result.system
        ? style.dim('SYSTEM')
        : result.managed === 'never-managed'
          ? style.warn('NOT MANAGED')
          : d.healthy
            ? style.ok('HEALTHY')
            : style.fail('BROKEN');
  lines.push(`${verdict}  ${d.summary}`);
  if (d.fix?.length) lines.push('', style.dim('Next steps:'), ...d.fix.map((c) => `  ${c}`));
  if (options.wide && result.evidence?.length && result.managed !== 'never-managed') {
    lines.push('', style.dim('Evidence:'));
    for (const e of result.evidence)
      lines.push(`  ${e.kind}: ${e.key} = ${e.value}${e.note ? ` (${e.note})` : ''}`);
  }
  for (const w of result.warnings) lines.push(`${style.warn('warning:')} ${w}`);
  return `${lines.join('\n')}\n`;
}

function indentOf(i: number): string {
  return i === 0 ? '' : `${' '.repeat(4 * i)}└─▶ `.slice(4);
}

function title(link: ChainLink): string {
  return `${link.kind}/${link.name}`;
}

function mark(link: ChainLink, stale: boolean, style: Style): string {
  if (link.missing || link.ready === false) return style.fail('✗');
  if (link.suspended || stale || link.reconciled === false) return style.warn('⚠');
  if (link.ready === true) return style.ok('✓');
  return style.dim('•');
}

/** The words after a link's mark (status, revision, age); the desktop app shows the same. */
export function describeLink(link: ChainLink, staleRevision: string | null, now: Date): string {
  if (staleRevision) return `Running stale ${shortRevision(staleRevision)}`;
  const parts: string[] = [];
  if (link.missing) parts.push('Not found');
  else if (link.ready === false || link.suspended || link.ready === null)
    parts.push(link.status ?? 'Unknown');
  if (link.revision) parts.push(shortRevision(link.revision));
  else if (link.ready === true) parts.push(link.status ?? 'Ready');
  if (link.reconciled === false) parts.push('(new spec not reconciled yet)');
  const age = link.lastTransitionTime ? ago(link.lastTransitionTime, now) : null;
  if (age && link.ready !== null) parts.push(`(${age})`);
  return parts.join('  ');
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

/** "2m ago", like kubectl's AGE column. */
export function ago(iso: string, now: Date): string | null {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return null;
  const s = Math.max(0, Math.round((now.getTime() - then) / 1000));
  if (s < 120) return `${s}s ago`;
  if (s < 7200) return `${Math.round(s / 60)}m ago`;
  if (s < 172800) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86400)}d ago`;
}
