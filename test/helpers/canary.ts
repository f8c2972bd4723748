// The canary planted in scenario Secrets, ConfigMaps and Helm values (test/scenarios/helm-*,
// ccve-helm): finding it, in plain text or base64, in any output, file or record is a leak. Helm
// release payloads are gzip: a snapshot's are decoded before they are searched.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect } from 'vitest';
import { SnapshotReader } from '../../shared/reader/snapshot.js';
import type { KubeObject } from '../../shared/reader/types.js';

export const CANARY = 'CANARY-5f3a';
export const CANARY_BASE64 = 'Q0FOQVJZLTVmM2E';

/** Scenarios that plant the canary in Helm values (Secret and ConfigMap storage), Secrets or ConfigMaps. */
export const PLANTED = ['helm-configmap-storage', 'helm-revisions', 'ccve-helm'];

export function expectNoCanary(output: string, what: string): void {
  expect(output, what).not.toContain(CANARY);
  expect(output, what).not.toContain(CANARY_BASE64);
}

/** Every file under `dir`, as text. */
export function filesUnder(dir: string): Array<{ path: string; text: string }> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

/** The release JSON inside Helm release storage (Secret or ConfigMap driver); undefined when none. */
export function releasePayload(obj: KubeObject): string | undefined {
  const payload = (obj.data as { release?: unknown } | undefined)?.release;
  if (obj.metadata.labels?.owner !== 'helm' || typeof payload !== 'string') return undefined;
  const helm = obj.kind === 'Secret' ? Buffer.from(payload, 'base64').toString('utf8') : payload;
  try {
    return gunzipSync(Buffer.from(helm, 'base64')).toString('utf8');
  } catch {
    return helm; // a corrupt payload is searched as it is
  }
}

/** A snapshot file's text and the decoded Helm release payloads it holds. */
export async function snapshotTexts(file: string): Promise<string[]> {
  const saved = (await SnapshotReader.load(file)).allObjects();
  const releases = saved.map(releasePayload).filter((p): p is string => p !== undefined);
  return [readFileSync(file, 'utf8'), ...releases];
}
