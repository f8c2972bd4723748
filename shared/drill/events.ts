// The recent Events of every link of a trace's chain: what the controllers said about each object
// (kustomize-controller's ReconciliationFailed, Argo CD's OutOfSync, the Deployment controller's
// ScalingReplicaSet), read the way `kubectl describe` reads them: the Events whose involvedObject is
// the link, warnings first, the same event counted once, bounded. Not part of the trace itself: a
// face asks for them next to a trace (`trace -o wide`, the MCP trace answer, the desktop).
import { isCubScoutError, oneLine } from '../errors/index.js';
import type { ChainEvents, LinkEvents, ObjectEvent } from '../model/drilldowns.js';
import type { ChainLink } from '../model/trace-result.js';
import type { ClusterReader, KindInfo, KubeObject } from '../reader/types.js';

export interface EventOptions {
  /** Distinct events kept per link (default 10). */
  perLink?: number;
  /** Characters kept of a message (default 500). */
  messageChars?: number;
  /** Only links that are not ready (the MCP answer: an assistant needs the failing ones). */
  unhealthyOnly?: boolean;
}

const DEFAULT_PER_LINK = 10;
const DEFAULT_MESSAGE_CHARS = 500;

/** Events of each link of `chain` that has any, in chain order. Never throws for a cluster that
 * will not show them: a forbidden or unreadable Events list is one warning. */
export async function readChainEvents(
  reader: ClusterReader,
  chain: readonly ChainLink[],
  options: EventOptions = {},
): Promise<ChainEvents> {
  const warnings = new Set<string>();
  const eventKind = await reader.kindFor('', 'Event').catch(() => undefined);
  if (!eventKind) return { links: [], warnings: [] };
  const links = chain.filter(
    (l) => !l.missing && l.role !== 'release' && (!options.unhealthyOnly || l.ready === false),
  );
  const read = await Promise.all(
    links.map((link) => eventsOfLink(reader, eventKind, link, options, warnings)),
  );
  return {
    links: read.filter((l): l is LinkEvents => l !== undefined && l.events.length > 0),
    warnings: [...warnings],
  };
}

async function eventsOfLink(
  reader: ClusterReader,
  eventKind: KindInfo,
  link: ChainLink,
  options: EventOptions,
  warnings: Set<string>,
): Promise<LinkEvents | undefined> {
  let events: KubeObject[];
  try {
    events = await reader.list(eventKind, {
      // Events of cluster-scoped objects are recorded in `default`, as kubectl describe looks for them.
      namespace: link.namespace ?? 'default',
      fieldSelector: `involvedObject.kind=${link.kind},involvedObject.name=${link.name}`,
    });
  } catch (e) {
    if (isCubScoutError(e) && e.code === 'not-served') return undefined;
    warnings.add(`Events not read: ${oneLine(e)}`);
    return undefined;
  }
  const distinct = summarizeEvents(events, options.messageChars ?? DEFAULT_MESSAGE_CHARS);
  const perLink = options.perLink ?? DEFAULT_PER_LINK;
  return {
    kind: link.kind,
    name: link.name,
    ...(link.namespace ? { namespace: link.namespace } : {}),
    events: distinct.slice(0, perLink),
    omitted: Math.max(0, distinct.length - perLink),
  };
}

/** Events counted once per type, reason, message and reporter, warnings first, newest first. */
export function summarizeEvents(
  events: readonly KubeObject[],
  messageChars = DEFAULT_MESSAGE_CHARS,
): ObjectEvent[] {
  const byKey = new Map<string, ObjectEvent>();
  for (const raw of events) {
    const event = eventOf(raw, messageChars);
    const key = [event.type, event.reason, event.message, event.from].join('\u0000');
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, event);
      continue;
    }
    seen.count += event.count;
    seen.firstSeen = earliest(seen.firstSeen, event.firstSeen);
    seen.lastSeen = latest(seen.lastSeen, event.lastSeen);
  }
  return [...byKey.values()].sort(
    (a, b) =>
      Number(b.type === 'Warning') - Number(a.type === 'Warning') ||
      (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''),
  );
}

/** A core/v1 Event (or an events.k8s.io/v1 one in a snapshot), read defensively. */
function eventOf(raw: KubeObject, messageChars: number): ObjectEvent {
  const e = raw as Record<string, unknown> & {
    series?: { count?: unknown; lastObservedTime?: unknown };
    source?: { component?: unknown };
  };
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const time = (...values: unknown[]) => values.map(text).find(Boolean) ?? null;
  const message = text(e.message ?? e.note).trim();
  const count =
    typeof e.series?.count === 'number'
      ? e.series.count
      : typeof e.count === 'number'
        ? e.count
        : typeof e.deprecatedCount === 'number'
          ? e.deprecatedCount
          : 1;
  return {
    type: text(e.type) || 'Normal',
    reason: text(e.reason),
    message: message.length > messageChars ? `${message.slice(0, messageChars)}…` : message,
    from: text(e.reportingComponent) || text(e.source?.component) || text(e.reportingController) || 'unknown',
    count: Math.max(1, Math.floor(count)),
    firstSeen: time(e.firstTimestamp, e.deprecatedFirstTimestamp, e.eventTime),
    lastSeen: time(
      e.series?.lastObservedTime,
      e.lastTimestamp,
      e.deprecatedLastTimestamp,
      e.eventTime,
      e.firstTimestamp,
    ),
  };
}

function earliest(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return a < b ? a : b;
}

function latest(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
