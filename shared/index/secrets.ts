// Secret data never enters the index: it is dropped on the way in. Helm release storage is the one
// exception the engine needs (Secrets, or ConfigMaps with Helm's ConfigMap driver), and it is
// reduced here to release metadata and the list of objects in the rendered manifest (read by
// shared/trace/helm-release.ts), never values (`config`), chart files or the manifest text itself.
// A payload that cannot be decoded becomes an error marker: the trace warns about it, it never
// crashes on it. ConfigMaps: reduce.ts.
import { gunzipSync } from 'node:zlib';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../reader/types.js';

export const HELM_RELEASE_SECRET_TYPE = 'helm.sh/release.v1';
/** The field of a reduced Secret that holds what we kept of a Helm release. */
export const HELM_RELEASE_FIELD = 'cubScoutHelmRelease';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** An object the release's rendered manifest creates. A missing namespace means "the release namespace"
 * for namespaced kinds (Helm fills it in at install time). */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface HelmReleaseSummary {
  name: string;
  namespace: string;
  version: number;
  status: string;
  firstDeployed?: string;
  lastDeployed?: string;
  description?: string;
  chart: { name?: string; version?: string; appVersion?: string };
  objects: ManifestObject[];
}

export type ReducedHelmRelease = { ok: true; release: HelmReleaseSummary } | { ok: false; error: string };

export function reduceSecret(secret: KubeObject): KubeObject {
  const { data, stringData: _stringData, ...rest } = secret;
  const reduced = withoutLastApplied(rest as KubeObject);
  if (isHelmReleaseSecret(secret)) keepHelmRelease(secret, reduced, data, 'Secret');
  return reduced;
}

/** kubectl apply copies the whole object, data included, into this annotation: keep only that it exists. */
export function withoutLastApplied(obj: KubeObject): KubeObject {
  const annotations = obj.metadata.annotations;
  if (annotations?.[LAST_APPLIED] === undefined) return obj;
  return {
    ...obj,
    metadata: { ...obj.metadata, annotations: { ...annotations, [LAST_APPLIED]: '(redacted)' } },
  };
}

/** Put what we keep of a release (decoded from `data.release` of Helm's Secret or ConfigMap
 * storage) on the reduced object. Reducing twice keeps the first reduction (objects coming back
 * from the disk cache have no data left to decode). */
export function keepHelmRelease(
  stored: KubeObject,
  reduced: KubeObject,
  data: unknown,
  storage: HelmStorageKind,
): void {
  const payload = (data as Record<string, unknown> | undefined)?.release;
  const already = stored[HELM_RELEASE_FIELD] as ReducedHelmRelease | undefined;
  reduced[HELM_RELEASE_FIELD] =
    payload === undefined && already
      ? already
      : (decodeHelmRelease(payload, storage) satisfies ReducedHelmRelease);
}

/** Release storage by its name and labels (`owner=helm`, `sh.helm.release.v1.<name>.v<N>`), as
 * Helm's Secret and ConfigMap drivers both write it; Secrets also by their type. */
export function isHelmReleaseSecret(secret: KubeObject): boolean {
  return secret.type === HELM_RELEASE_SECRET_TYPE || isHelmReleaseStorage(secret.metadata);
}

export function isHelmReleaseStorage(metadata: KubeObject['metadata']): boolean {
  return metadata.labels?.owner === 'helm' && String(metadata.name).startsWith('sh.helm.release.v1.');
}

/** The two storage drivers Helm ships besides SQL: Secrets (default) and ConfigMaps. */
export type HelmStorageKind = 'Secret' | 'ConfigMap';

/** `data.release` is base64 of gzip of the release JSON; in a Secret, base64 once more (the Secret
 * encoding). Helm itself accepts an ungzipped payload too, so do we. */
export function decodeHelmRelease(payload: unknown, storage: HelmStorageKind = 'Secret'): ReducedHelmRelease {
  const decoded = decodeReleaseJson(payload, storage);
  return decoded.ok ? { ok: true, release: summarize(decoded.release) } : decoded;
}

/** The release JSON of a `data.release` payload, whole (values included): callers take what they
 * need from it and drop it (summarize here; the diff takes `manifest` only). */
export function decodeReleaseJson(
  payload: unknown,
  storage: HelmStorageKind = 'Secret',
): { ok: true; release: Record<string, unknown> } | { ok: false; error: string } {
  if (typeof payload !== 'string' || payload === '')
    return { ok: false, error: `the ${storage} has no data.release` };
  try {
    const inner = storage === 'Secret' ? Buffer.from(payload, 'base64').toString('utf8') : payload;
    const bytes = Buffer.from(inner, 'base64');
    const isGzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
    const json = isGzip ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
    const raw = JSON.parse(json) as Record<string, unknown>;
    if (typeof raw !== 'object' || raw === null || typeof raw.name !== 'string')
      return { ok: false, error: 'the payload is not a Helm release' };
    return { ok: true, release: raw };
  } catch (e) {
    const why = e instanceof SyntaxError ? 'not JSON after base64 and gzip decoding' : (e as Error).message;
    return { ok: false, error: `the payload cannot be decoded (${why.split('\n')[0]})` };
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the release JSON is untyped; only named fields are read
function summarize(raw: Record<string, any>): HelmReleaseSummary {
  const info = raw.info ?? {};
  const meta = raw.chart?.metadata ?? {};
  const summary: HelmReleaseSummary = {
    name: String(raw.name),
    namespace: String(raw.namespace ?? ''),
    version: Number(raw.version ?? 0),
    status: String(info.status ?? 'unknown'),
    chart: {},
    objects: typeof raw.manifest === 'string' ? manifestObjects(raw.manifest) : [],
  };
  if (typeof info.first_deployed === 'string') summary.firstDeployed = info.first_deployed;
  if (typeof info.last_deployed === 'string') summary.lastDeployed = info.last_deployed;
  if (typeof info.description === 'string') summary.description = info.description;
  if (typeof meta.name === 'string') summary.chart.name = meta.name;
  if (typeof meta.version === 'string') summary.chart.version = meta.version;
  if (typeof meta.appVersion === 'string') summary.chart.appVersion = meta.appVersion;
  return summary;
}

/** The identity of every object in a rendered manifest; bodies (and any Secret data in them) are dropped. */
function manifestObjects(manifest: string): ManifestObject[] {
  const objects: ManifestObject[] = [];
  for (const doc of parseAllDocuments(manifest)) {
    if (doc.errors.length > 0) continue;
    const obj = doc.toJS() as { apiVersion?: unknown; kind?: unknown; metadata?: Record<string, unknown> };
    if (!obj || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') continue;
    const name = obj.metadata?.name;
    if (typeof name !== 'string') continue;
    const entry: ManifestObject = { apiVersion: obj.apiVersion, kind: obj.kind, name };
    if (typeof obj.metadata?.namespace === 'string') entry.namespace = obj.metadata.namespace;
    objects.push(entry);
  }
  return objects;
}
