// Events as text, the way `kubectl describe` lists them, one block per link of the chain:
//
//   EVENTS
//   Kustomization/apps -n flux-system
//     Warning  ReconciliationFailed  2m ago (x5 over 10m)  kustomize-controller  kustomization path not found
import type { ChainEvents, ObjectEvent } from '../model/drilldowns.js';
import { safeText } from './safe-text.js';
import { plainStyle, type Style } from './style.js';
import { ago } from './text.js';

export function renderEventsText(events: ChainEvents, style: Style = plainStyle, now = new Date()): string {
  const lines: string[] = [];
  if (events.links.length === 0 && events.warnings.length === 0) return '';
  lines.push('', style.bold('EVENTS'));
  if (events.links.length === 0) lines.push('  none recorded for the links of this chain');
  for (const link of events.links) {
    lines.push(
      style.bold(safeText(`${link.kind}/${link.name}${link.namespace ? ` -n ${link.namespace}` : ''}`)),
    );
    for (const e of link.events) lines.push(`  ${eventLine(e, style, now)}`);
    if (link.omitted) lines.push(style.dim(`  (${link.omitted} more events)`));
  }
  for (const w of events.warnings) lines.push(style.warn(`warning: ${safeText(w)}`));
  return `${lines.join('\n')}\n`;
}

/** `Warning  Reason  2m ago (x5 over 10m)  from  message`: every field is cluster text, escaped. */
export function eventLine(e: ObjectEvent, style: Style = plainStyle, now = new Date()): string {
  const type = e.type === 'Warning' ? style.warn('Warning') : style.dim(e.type.padEnd(7));
  const seen = e.lastSeen ? (ago(e.lastSeen, now) ?? e.lastSeen) : 'unknown';
  const first = e.firstSeen ? ago(e.firstSeen, now)?.replace(/ ago$/, '') : null;
  const times = e.count > 1 ? ` (x${e.count}${first ? ` over ${first}` : ''})` : '';
  return `${type}  ${safeText(e.reason)}  ${seen}${times}  ${safeText(e.from)}  ${safeText(e.message)}`;
}
