// The canary planted in scenario Secrets, ConfigMaps and Helm values (test/scenarios/helm-*,
// ccve-helm): finding it, in plain text or base64, in any output, file or record is a leak. Helm
// release payloads are gzip: a snapshot's are decoded before they are searched.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect } from 'vitest';
import { diffResource } from '../../shared/diff/diff.js';
import { renderDiffText } from '../../shared/diff/render.js';
import { Engine } from '../../shared/engine.js';
import { deployerHistory, renderDeployerHistory } from '../../shared/history/deployer.js';
import { SnapshotReader } from '../../shared/reader/snapshot.js';
import type { ClusterReader, KubeObject } from '../../shared/reader/types.js';
import type { TraceTarget } from './scenario.js';

export const CANARY = 'CANARY-5f3a';
export const CANARY_BASE64 = 'Q0FOQVJZLTVmM2E';

/** Scenarios that plant the canary in Helm values (Secret and ConfigMap storage), Secrets or ConfigMaps
 * (drift: also in a release's rendered manifest, which `diff` reads). */
export const PLANTED = ['helm-configmap-storage', 'helm-revisions', 'ccve-helm', 'drift'];

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

/** Every drill-down output of one object: diff (JSON and text) and deployer history (JSON and
 * text); an error's message counts as output too. */
export async function drillDownTexts(reader: ClusterReader, target: TraceTarget): Promise<string[]> {
  const texts: string[] = [];
  try {
    const diff = await diffResource(reader, target.kind, target.name, target.namespace);
    texts.push(JSON.stringify(diff), renderDiffText(diff));
  } catch (e) {
    texts.push(String(e));
  }
  try {
    const trace = await new Engine(reader).trace(target.kind, target.name, target.namespace);
    const history = await deployerHistory(reader, trace);
    texts.push(JSON.stringify(history), renderDeployerHistory(history));
  } catch (e) {
    texts.push(String(e));
  }
  return texts;
}
