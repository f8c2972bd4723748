// API discovery kept on disk between runs, the way kubectl keeps it (~/.kube/cache/discovery/<host_port>/,
// six hours): one file per server URL under the user cache directory, `discovery/<host_port>-<hash>.json`,
// directory 0700 and file 0600. It holds the kinds the server serves, nothing else: no credential,
// no object. A file that is too large, malformed or from another server is ignored and rewritten.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../cache/cache-dir.js';
import type { KindInfo } from './types.js';

/** kubectl's discovery cache lives six hours. */
export const DISCOVERY_TTL_MS = 6 * 60 * 60 * 1000;

/** `CUB_SCOUT_DISCOVERY_TTL=<seconds>` changes how long; 0 turns the disk copy off. */
function ttlMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.CUB_SCOUT_DISCOVERY_TTL;
  if (raw === undefined || !/^\d{1,9}$/.test(raw)) return DISCOVERY_TTL_MS;
  return Number(raw) * 1000;
}
const FORMAT = 1;
/** A discovery document of thousands of kinds is a few hundred KiB; anything far larger is not ours. */
const MAX_FILE_BYTES = 16 << 20;
const MAX_KINDS = 20_000;
/** Names as Kubernetes allows them (DNS labels and subdomains, CamelCase kinds, versions). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;

/** Which cache file: the server URL, and its CA (a cluster recreated at the same address, as kind and
 * minikube do, has a new CA and so a cache of its own). */
export interface DiscoveryKey {
  server: string;
  ca: string;
}

interface DiscoveryFile {
  format: number;
  server: string;
  ca: string;
  savedAt: string;
  kinds: KindInfo[];
}

function fileFor({ server, ca }: DiscoveryKey, dir: string): string {
  let hostPort = 'server';
  try {
    const url = new URL(server);
    hostPort = `${url.hostname}_${url.port || (url.protocol === 'http:' ? '80' : '443')}`.replace(
      /[^A-Za-z0-9._-]/g,
      '_',
    );
  } catch {
    // a server that is not a URL still gets a file of its own, by hash
  }
  const hash = createHash('sha256').update(`${server}\n${ca}`).digest('hex').slice(0, 16);
  return join(dir, 'discovery', `${hostPort}-${hash}.json`);
}

/** The kinds discovered for `server` when younger than the TTL and well-formed; else undefined. */
export function readDiscovery(key: DiscoveryKey, dir = cacheDir(), now = Date.now()): KindInfo[] | undefined {
  const ttl = ttlMs();
  if (ttl === 0) return undefined;
  try {
    const file = fileFor(key, dir);
    const info = statSync(file, { throwIfNoEntry: false });
    if (!info?.isFile() || info.size > MAX_FILE_BYTES) return undefined;
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as DiscoveryFile;
    if (
      parsed?.format !== FORMAT ||
      parsed.server !== key.server ||
      parsed.ca !== caHash(key) ||
      !Array.isArray(parsed.kinds)
    )
      return undefined;
    const age = now - Date.parse(parsed.savedAt);
    if (!(age >= 0 && age <= ttl)) return undefined;
    if (parsed.kinds.length > MAX_KINDS || !parsed.kinds.every(isKindInfo)) return undefined;
    return parsed.kinds;
  } catch {
    return undefined; // no cache, or a broken one: ask the server
  }
}

/** Save what discovery found (best effort: a read-only home still traces). */
export function writeDiscovery(
  key: DiscoveryKey,
  kinds: KindInfo[],
  dir = cacheDir(),
  now = Date.now(),
): void {
  if (ttlMs() === 0) return;
  try {
    const file = fileFor(key, dir);
    const folder = join(dir, 'discovery');
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    // A directory made readable by others (an older version, a umask) is closed again.
    for (const d of [dir, folder]) {
      const info = statSync(d);
      if ((info.mode & 0o077) !== 0 && info.uid === process.getuid?.()) chmodSync(d, 0o700);
    }
    const content: DiscoveryFile = {
      format: FORMAT,
      server: key.server,
      ca: caHash(key),
      savedAt: new Date(now).toISOString(),
      kinds,
    };
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(content), { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    // not cached: the next run discovers again
  }
}

/** The CA only as a hash: the file says which cluster, not how to trust it. */
function caHash(key: DiscoveryKey): string {
  return createHash('sha256').update(key.ca).digest('hex').slice(0, 16);
}

function isKindInfo(k: unknown): k is KindInfo {
  const kind = k as KindInfo;
  return (
    typeof kind === 'object' &&
    kind !== null &&
    (kind.group === '' || (typeof kind.group === 'string' && NAME.test(kind.group))) &&
    [kind.version, kind.kind, kind.plural, kind.singular].every(
      (s) => typeof s === 'string' && NAME.test(s),
    ) &&
    Array.isArray(kind.shortNames) &&
    kind.shortNames.length <= 32 &&
    kind.shortNames.every((s) => typeof s === 'string' && NAME.test(s)) &&
    typeof kind.namespaced === 'boolean'
  );
}
