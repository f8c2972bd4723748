// Readers for the on-disk cache: one records what a run listed (reduced the way the index reduces
// it: no Secret or ConfigMap data, ever), the other answers the same lists from a cache file and falls back to
// the real cluster for anything the cache does not hold.
import { CubScoutError, isCubScoutError } from '../errors/index.js';
import { reduceObject } from '../index/reduce.js';
import type {
  ClusterReader,
  KindForOptions,
  KindInfo,
  KubeObject,
  ListOptions,
  LogOptions,
} from '../reader/types.js';

export type CachedListState = 'loaded' | 'forbidden' | 'not-served';

export interface CachedList {
  group: string;
  kind: string;
  labelSelector?: string;
  namespace?: string;
  state: CachedListState;
  objects: KubeObject[];
}

export interface CachedLists {
  kinds: KindInfo[];
  lists: CachedList[];
}

function listKey(group: string, kind: string, options: ListOptions = {}): string {
  return `${group}/${kind}?${options.namespace ?? ''}?${options.labelSelector ?? ''}`;
}

export class RecordingReader implements ClusterReader {
  private readonly kinds = new Map<string, KindInfo>();
  private readonly lists = new Map<string, CachedList>();

  constructor(private readonly inner: ClusterReader) {}

  get source(): string {
    return this.inner.source;
  }

  resolveKind(input: string): Promise<KindInfo> {
    return this.inner.resolveKind(input);
  }

  async kindFor(group: string, kind: string, options?: KindForOptions): Promise<KindInfo | undefined> {
    const info = await this.inner.kindFor(group, kind, options);
    if (info) this.kinds.set(`${group}/${kind}`, info);
    return info;
  }

  refreshKinds(): Promise<boolean> {
    return this.inner.refreshKinds?.() ?? Promise.resolve(false);
  }

  get(kind: KindInfo, name: string, namespace?: string): Promise<KubeObject | undefined> {
    return this.inner.get(kind, name, namespace);
  }

  async list(kind: KindInfo, options: ListOptions = {}): Promise<KubeObject[]> {
    // A field-selected list (one object's Events) is a drill-down's, asked fresh each time: not cached.
    if (options.fieldSelector) return this.inner.list(kind, options);
    const entry: CachedList = { group: kind.group, kind: kind.kind, state: 'loaded', objects: [] };
    if (options.labelSelector) entry.labelSelector = options.labelSelector;
    if (options.namespace) entry.namespace = options.namespace;
    try {
      const objects = await this.inner.list(kind, options);
      entry.objects = objects.map(reduceObject);
      this.lists.set(listKey(kind.group, kind.kind, options), entry);
      return objects;
    } catch (e) {
      if (isCubScoutError(e) && (e.code === 'forbidden' || e.code === 'not-served')) {
        entry.state = e.code;
        this.lists.set(listKey(kind.group, kind.kind, options), entry);
      }
      throw e;
    }
  }

  logs(namespace: string, pod: string, options: LogOptions): Promise<string> {
    if (!this.inner.logs) throw new CubScoutError('not-served', `${this.source} holds no logs`);
    return this.inner.logs(namespace, pod, options);
  }

  recorded(): CachedLists {
    return { kinds: [...this.kinds.values()], lists: [...this.lists.values()] };
  }

  close(): Promise<void> | void {
    return this.inner.close?.();
  }
}

export class CachedReader implements ClusterReader {
  private readonly kinds = new Map<string, KindInfo>();
  private readonly lists = new Map<string, CachedList>();

  private opened: Promise<ClusterReader> | undefined;

  /** `open` reaches the real cluster, only if something is asked that the cache does not hold. */
  constructor(
    cached: CachedLists,
    private readonly open: () => Promise<ClusterReader>,
    readonly source: string,
  ) {
    for (const k of cached.kinds) this.kinds.set(`${k.group}/${k.kind}`, k);
    for (const l of cached.lists) this.lists.set(listKey(l.group, l.kind, l), l);
  }

  async resolveKind(input: string): Promise<KindInfo> {
    return (await this.inner()).resolveKind(input);
  }

  async kindFor(group: string, kind: string): Promise<KindInfo | undefined> {
    return this.kinds.get(`${group}/${kind}`) ?? (await this.inner()).kindFor(group, kind);
  }

  async get(kind: KindInfo, name: string, namespace?: string): Promise<KubeObject | undefined> {
    const all = this.lists.get(listKey(kind.group, kind.kind));
    if (all?.state === 'loaded')
      return all.objects.find(
        (o) => o.metadata.name === name && (!kind.namespaced || o.metadata.namespace === namespace),
      );
    return (await this.inner()).get(kind, name, namespace);
  }

  async list(kind: KindInfo, options: ListOptions = {}): Promise<KubeObject[]> {
    const entry = options.fieldSelector ? undefined : this.lists.get(listKey(kind.group, kind.kind, options));
    if (!entry) return (await this.inner()).list(kind, options);
    if (entry.state !== 'loaded')
      throw new CubScoutError(entry.state, `${kind.kind}: ${entry.state} (cached)`);
    return entry.objects;
  }

  async logs(namespace: string, pod: string, options: LogOptions): Promise<string> {
    const inner = await this.inner();
    if (!inner.logs) throw new CubScoutError('not-served', `${this.source} holds no logs`);
    return inner.logs(namespace, pod, options);
  }

  private inner(): Promise<ClusterReader> {
    this.opened ??= this.open();
    return this.opened;
  }

  async close(): Promise<void> {
    if (this.opened) await (await this.opened).close?.();
  }
}
