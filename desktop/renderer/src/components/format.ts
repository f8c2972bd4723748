// How the renderer words things, kept the same as the CLI's text output (shared/render/text.ts):
// the same marks, the same short revisions and ages, so a screenshot and a terminal agree.
import type { ChainLink, ResourceRef } from '../../../../shared/model/trace-result.js';
import { shortRevision } from '../../../../shared/trace/flux-revisions.js';

export { shortRevision };

export type Health = 'ok' | 'fail' | 'warn' | 'unknown';

/** The CLI's mark for a link: ✗ broken or missing, ⚠ suspended / stale / not reconciled, ✓ ready. */
export function linkHealth(link: ChainLink, staleObject = false): Health {
  if (link.missing || link.ready === false) return 'fail';
  if (link.suspended || staleObject || link.reconciled === false) return 'warn';
  if (link.ready === true) return 'ok';
  return 'unknown';
}

export function healthOf(ready: boolean | null | undefined, suspended = false): Health {
  if (ready === false) return 'fail';
  if (suspended) return 'warn';
  if (ready === true) return 'ok';
  return 'unknown';
}

export const MARK: Record<Health, string> = { ok: '✓', fail: '✗', warn: '⚠', unknown: '•' };

export function revision(value: string | null | undefined): string {
  return value ? shortRevision(value) : '—';
}

/** `Deployment/nginx -n demo`, as a person types it. */
export function refText(ref: Pick<ResourceRef, 'kind' | 'name' | 'namespace'>): string {
  return `${ref.kind}/${ref.name}${ref.namespace ? ` -n ${ref.namespace}` : ''}`;
}

/** "12s", "3m", "2h": how old data is. */
export function age(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  return `${Math.round(s / 3600)}h`;
}

export function timeOf(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** Where a saved trace came from, short: a context name, or `snapshot <file name>` for a path. */
export function sourceLabel(source: string): string {
  const snapshot = /^snapshot (.+)$/.exec(source);
  return snapshot?.[1]
    ? `snapshot ${snapshot[1]
        .replace(/[/\\]+$/, '')
        .split(/[/\\]/)
        .pop()}`
    : source;
}
