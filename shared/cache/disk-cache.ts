// The CLI's on-disk index cache (`--cache`): the lists one run read, reduced as the index reduces
// them (never Secret data), kept per context under the user cache directory for a TTL. A change
// of the kubeconfig's server for that context (or of a snapshot's files) invalidates it.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { demoPath } from '../demo-path.js';
import { Engine } from '../engine.js';
import { ClusterIndex } from '../index/cluster-index.js';
import { loadInventory } from '../inventory/load.js';
import type { OnProgress } from '../progress.js';
import { type ClusterOptions, openReader } from '../reader/open.js';
import { cacheDir } from './cache-dir.js';
import { type CachedLists, CachedReader, RecordingReader } from './recording-reader.js';

export { cacheDir };

const FORMAT = 1;
export const DEFAULT_CACHE_TTL_SECONDS = 30;

export interface CacheIdentity {
  /** What the cache is for: `context prod` or `snapshot ./x`. */
  name: string;
  /** The kubeconfig server for that context (or a snapshot's path and file times): a change invalidates. */
  server: string;
}

interface CacheFile extends CachedLists {
  format: number;
  name: string;
  server: string;
  savedAt: string;
}

export async function cacheIdentity(options: ClusterOptions): Promise<CacheIdentity> {
  const snapshot = options.demo ? demoPath() : options.snapshot;
  if (snapshot) {
    const path = resolve(snapshot);
    return { name: `snapshot ${path}`, server: `snapshot:${path}:${latestChange(path)}` };
  }
  // The kubeconfig is read as the live reader reads it (KUBECONFIG lists, one-line errors); the
  // Kubernetes client loads only when a live cluster is used.
  const { loadKubeconfig } = await import('../reader/kubeconfig.js');
  const resolved = loadKubeconfig(options);
  return { name: `context ${resolved.context}`, server: resolved.server };
}

function latestChange(path: string): number {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, latestChange(join(path, entry)));
  return latest;
}

function fileFor(identity: CacheIdentity, dir: string): string {
  const hash = createHash('sha256').update(identity.name).digest('hex').slice(0, 16);
  return join(dir, `index-${hash}.json`);
}

/** The cached lists when they are younger than the TTL and for the same server; else undefined. */
export function readCache(
  identity: CacheIdentity,
  ttlSeconds: number,
  dir = cacheDir(),
  now = new Date(),
): CacheFile | undefined {
  try {
    const file = JSON.parse(readFileSync(fileFor(identity, dir), 'utf8')) as CacheFile;
    if (file.format !== FORMAT || file.name !== identity.name || file.server !== identity.server)
      return undefined;
    const age = (now.getTime() - Date.parse(file.savedAt)) / 1000;
    return age >= 0 && age <= ttlSeconds ? file : undefined;
  } catch {
    return undefined; // no cache, or a broken one: read the cluster
  }
}

export function writeCache(
  identity: CacheIdentity,
  lists: CachedLists,
  savedAt: Date,
  dir = cacheDir(),
): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file: CacheFile = {
    format: FORMAT,
    name: identity.name,
    server: identity.server,
    savedAt: savedAt.toISOString(),
    ...lists,
  };
  const target = fileFor(identity, dir);
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(file), { mode: 0o600 });
  renameSync(temporary, target); // atomic: a concurrent reader sees the old file or the new one
}

export interface CachedEngine {
  engine: Engine;
  /** Whether the index came from the cache. */
  hit: boolean;
  /** Save what this run read (no-op on a hit). */
  save(): void;
}

/** An engine whose whole-cluster index comes from the disk cache when fresh, and is saved after. */
export async function openCachedEngine(
  options: ClusterOptions,
  ttlSeconds = DEFAULT_CACHE_TTL_SECONDS,
  onProgress?: OnProgress,
  dir = cacheDir(),
): Promise<CachedEngine> {
  const identity = await cacheIdentity(options);
  const cached = readCache(identity, ttlSeconds, dir);
  if (cached) {
    let real: Promise<import('../reader/types.js').ClusterReader> | undefined;
    const reader = new CachedReader(
      cached,
      () => (real ??= openReader(options)),
      sourceName(options, identity),
    );
    const index = new ClusterIndex(reader);
    index.loadedAt = new Date(cached.savedAt);
    await loadInventory(index, onProgress ? { onProgress } : {});
    return { engine: new Engine(reader, index), hit: true, save: () => {} };
  }
  const recording = new RecordingReader(await openReader(options));
  const engine = new Engine(recording);
  return {
    engine,
    hit: false,
    save: () => writeCache(identity, recording.recorded(), engine.index.loadedAt ?? new Date(), dir),
  };
}

function sourceName(options: ClusterOptions, identity: CacheIdentity): string {
  if (options.demo) return `snapshot ${demoPath()}`;
  if (options.snapshot) return `snapshot ${options.snapshot}`;
  return identity.name;
}
