// ConfigHub units: the origin above the GitOps chain. A unit's stamp is either the older set of
// `confighub.com/*` annotations (sometimes labels) or one `confighub.com/origin` annotation holding
// JSON. The origin link is synthetic (kind `Unit`, apiVersion `confighub.com/v1`: ConfigHub is not
// a Kubernetes API), named after the unit slug, in the "namespace" of its space. No network calls:
// the unit URL is only printed.
import type { ChainLink, Evidence } from '../model/trace-result.js';
import type { KubeObject } from '../reader/types.js';
import type { Origin } from './types.js';

const PREFIX = 'confighub.com/';
export const ORIGIN_ANNOTATION = 'confighub.com/origin';
const UNIT_BASE_URL = 'https://confighub.com/spaces';

interface Stamp {
  unitSlug?: string;
  unitId?: string;
  spaceId?: string;
  spaceName?: string;
  targetId?: string;
  revision?: string;
  liveRevision?: string;
  drift?: string;
}

/** An Origin with a Unit link, or one with no links but warnings and evidence (malformed origin
 * JSON, marks without a unit slug); undefined when ConfigHub left no mark. The `confighub` field
 * manager alone is hand-applied evidence (kubectl.ts): it names no unit. */
export function traceConfigHub(carrier: KubeObject): Origin | undefined {
  const evidence: Evidence[] = [];
  const warnings: string[] = [];
  const stamp: Stamp = {};

  // The older keys, annotations first, labels as a fallback (generated ConfigMaps carry labels).
  const read = (key: string): string | undefined => {
    const full = `${PREFIX}${key}`;
    const fromAnnotation = carrier.metadata.annotations?.[full];
    if (fromAnnotation !== undefined) {
      evidence.push({ kind: 'annotation', key: full, value: fromAnnotation });
      return fromAnnotation;
    }
    const fromLabel = carrier.metadata.labels?.[full];
    if (fromLabel !== undefined) evidence.push({ kind: 'label', key: full, value: fromLabel });
    return fromLabel;
  };
  stamp.unitSlug = read('UnitSlug');
  stamp.spaceId = read('SpaceID');
  stamp.spaceName = read('SpaceName');
  stamp.targetId = read('TargetID');
  stamp.revision = read('RevisionNum');
  stamp.liveRevision = read('LiveRevisionNum');
  stamp.drift = read('DriftDetected');

  const originJson = carrier.metadata.annotations?.[ORIGIN_ANNOTATION];
  if (originJson !== undefined) {
    const parsed = parseOrigin(originJson);
    if (typeof parsed === 'string') {
      warnings.push(
        `${carrier.kind}/${carrier.metadata.name}: malformed ${ORIGIN_ANNOTATION} annotation ignored (${parsed})`,
      );
      evidence.push({ kind: 'annotation', key: ORIGIN_ANNOTATION, value: 'malformed', note: parsed });
    } else {
      evidence.push({ kind: 'annotation', key: ORIGIN_ANNOTATION, value: originJson.trim() });
      // The newer stamp wins over the older keys where both are present.
      stamp.unitSlug = parsed.unitSlug ?? stamp.unitSlug;
      stamp.unitId = parsed.unitId ?? stamp.unitId;
      stamp.spaceId = parsed.spaceId ?? stamp.spaceId;
      stamp.spaceName = parsed.spaceSlug ?? stamp.spaceName;
      stamp.revision = parsed.revisionNum ?? stamp.revision;
    }
  }

  if (!stamp.unitSlug) {
    if (evidence.length === 0 && warnings.length === 0) return undefined;
    if (stamp.spaceId || stamp.spaceName)
      warnings.push(
        `${carrier.kind}/${carrier.metadata.name}: ConfigHub marks without a unit slug; unit unknown`,
      );
    return { chain: [], evidence, warnings };
  }
  return { chain: [unitLink(stamp as Stamp & { unitSlug: string })], evidence, warnings };
}

interface OriginJson {
  spaceId?: string;
  spaceSlug?: string;
  unitId?: string;
  unitSlug?: string;
  revisionNum?: string;
}

/** The parsed origin, or why it is rejected. */
function parseOrigin(text: string): OriginJson | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'not a JSON object';
  const o = raw as Record<string, unknown>;
  const str = (v: unknown) =>
    typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
  const parsed: OriginJson = {};
  for (const key of ['spaceId', 'spaceSlug', 'unitId', 'unitSlug', 'revisionNum'] as const) {
    const value = str(o[key]);
    if (value !== undefined) parsed[key] = value;
  }
  if (!parsed.unitSlug) return 'no unitSlug';
  if (!parsed.spaceId) return 'no spaceId';
  return parsed;
}

function unitLink(stamp: Stamp & { unitSlug: string }): ChainLink {
  const drift = stamp.drift?.toLowerCase() === 'true';
  const behind =
    stamp.revision !== undefined && stamp.liveRevision !== undefined && stamp.revision !== stamp.liveRevision;
  const link: ChainLink = {
    kind: 'Unit',
    name: stamp.unitSlug,
    apiVersion: 'confighub.com/v1',
    role: 'origin',
    tool: 'confighub',
    ready: null,
    status: 'stamped',
    reason: null,
    message: null,
    revision: stamp.revision ?? null,
    path: null,
    url: stamp.spaceId
      ? `${UNIT_BASE_URL}/${encodeURIComponent(stamp.spaceId)}/units/${encodeURIComponent(stamp.unitSlug)}`
      : null,
    suspended: false,
  };
  const space = stamp.spaceName ?? stamp.spaceId;
  if (space) link.namespace = space;
  if (drift) {
    link.ready = false;
    link.status = 'Drift detected';
    link.reason = 'DriftDetected';
    link.message = `the live object differs from unit ${stamp.unitSlug}${stamp.revision ? ` revision ${stamp.revision}` : ''}`;
  } else if (behind) {
    link.ready = false;
    link.status = `revision ${stamp.revision} not live`;
    link.reason = 'NotApplied';
    link.message = `unit ${stamp.unitSlug} is at revision ${stamp.revision} but revision ${stamp.liveRevision} is live`;
  } else if (stamp.revision !== undefined && stamp.liveRevision !== undefined) {
    link.ready = true;
    link.status = `revision ${stamp.revision} live`;
  }
  const details: Record<string, string> = {};
  const put = (key: string, value: string | undefined) => {
    if (value) details[key] = value;
  };
  put('space', stamp.spaceName);
  put('spaceId', stamp.spaceId);
  put('unitId', stamp.unitId);
  put('target', stamp.targetId);
  put('liveRevision', stamp.liveRevision);
  put('drift', stamp.drift);
  if (Object.keys(details).length) link.details = details;
  return link;
}
