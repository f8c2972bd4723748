// Decode what a snapshot stores for Helm release Secrets, so tests can check that nothing but
// release metadata and object names is in it (a text search of the file cannot see inside gzip).
import { gunzipSync } from 'node:zlib';
import type { KubeObject } from '../../shared/reader/types.js';

export function helmPayload(secret: KubeObject): Record<string, unknown> | undefined {
  const data = secret.data as { release?: string } | undefined;
  if (!data?.release) return undefined;
  const helmEncoded = Buffer.from(data.release, 'base64').toString('utf8');
  return JSON.parse(gunzipSync(Buffer.from(helmEncoded, 'base64')).toString('utf8'));
}

/** Keys a reduced release may have: Helm's own release JSON also has config, chart templates,
 * values and files, which must never be saved. */
export const ALLOWED_RELEASE_KEYS = ['chart', 'info', 'manifest', 'name', 'namespace', 'version'];
