// The in-memory index every trace runs on. It reads each kind once through a ClusterReader, keeps
// the objects by key and uid, and remembers which kinds could not be read (403, not served) so
// that a missing object is never mistaken for a deleted one. Tracing itself is synchronous over
// this index: a single trace and a whole-cluster batch run the same code.
//
// Two ways to fill it: `load` lists whole kinds (whole-cluster commands), and targeted reads for one
// trace: while `record` runs a trace, every lookup the index cannot answer (an object of a kind not
// listed, a narrowed list not read) is noted as a miss instead of being answered "absent"; `fill`
// then reads exactly those (a GET by name, a narrowed list), all in parallel, and the trace runs
// again until nothing is missing. Each answer leaves the same state a list would have left (object
// present, absent, kind forbidden or not served), so both ways give the same trace.
import { CubScoutError, isCubScoutError, oneLine } from '../errors/index.js';
import { checkObject, describeRaw, keepValidObjects } from '../reader/kube-object.js';
import type { ClusterReader, KindInfo, KubeObject, ListOptions } from '../reader/types.js';
import { groupKindKey, groupOf } from '../reader/types.js';
import { checkObjectName } from '../resource-arg.js';
import { appendTo } from './multimap.js';
import { reduceObject } from './reduce.js';

const MAX_SKIP_WARNINGS = 20;

/** Why a kind has no objects in the index. */
export type KindState = 'loaded' | 'forbidden' | 'not-served' | 'failed';

export interface KindRequest {
  group: string;
  kind: string;
  /** Narrow the list (Helm release Secrets: owner=helm). A narrowed kind counts as loaded for that selector only. */
  labelSelector?: string;
  metadataOnly?: boolean;
  namespace?: string;
}

/** A lookup the index could not answer while recording: read it, then trace again. */
export type Miss =
  | { type: 'get'; group: string; kind: string; namespace: string | undefined; name: string }
  | { type: 'list'; request: KindRequest };

export class ClusterIndex {
  readonly warnings: string[] = [];
  /** Grows with every change (objects, kind states, objects known absent): memos built on the
   * index compare it to know that they are stale. */
  generation = 0;
  /** When the first kind was loaded: cached indexes report their age from it. */
  loadedAt: Date | undefined;
  private readonly states = new Map<string, KindState>();
  private readonly loading = new Map<string, Promise<void>>();
  private readonly byKey = new Map<string, KubeObject>();
  private readonly byUidMap = new Map<string, KubeObject>();
  private readonly byKindMap = new Map<string, KubeObject[]>();
  private skipped = 0;
  /** Objects a targeted GET found absent (404), and kinds such GETs answered for. */
  private readonly absent = new Set<string>();
  private readonly answered = new Set<string>();
  private misses: Miss[] | undefined;
  /** While recording: kinds an object named (a get) that the cluster does not serve. */
  private notServed: Set<string> | undefined;

  constructor(readonly reader: ClusterReader) {
    this.warnings.push(...(reader.warnings ?? []));
  }

  get source(): string {
    return this.reader.source;
  }

  /** Load kinds (each at most once). Failures become warnings, never exceptions, except an
   * unreachable or unreadable cluster, which fails the whole trace. */
  async load(requests: KindRequest[]): Promise<void> {
    for (const r of requests) if (r.namespace !== undefined) checkObjectName(r.namespace, 'namespace');
    await Promise.all(requests.map((r) => this.loadOne(r)));
  }

  private loadOne(request: KindRequest): Promise<void> {
    const key = requestKey(request);
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.fetch(request, key);
      this.loading.set(key, pending);
    }
    return pending;
  }

  private async fetch(request: KindRequest, key: string): Promise<void> {
    const gk = groupKindKey(request.group, request.kind);
    let kind: KindInfo | undefined;
    try {
      kind = await this.reader.kindFor(request.group, request.kind);
    } catch (e) {
      this.fail(e, key, request);
      return;
    }
    if (!kind) {
      this.states.set(key, 'not-served');
      this.generation++;
      return; // a kind the cluster does not serve simply has no objects (Argo not installed)
    }
    const options: ListOptions = {};
    if (request.labelSelector) options.labelSelector = request.labelSelector;
    if (request.metadataOnly) options.metadataOnly = true;
    if (request.namespace) options.namespace = request.namespace;
    try {
      const listed = await this.reader.list(kind, options);
      this.loadedAt ??= new Date();
      this.generation++;
      // Any reader's objects are checked here: one malformed object is skipped with a warning.
      for (const obj of keepValidObjects(listed, this.source, (w) => this.warn(w))) this.add(obj);
      this.states.set(key, 'loaded');
      if (!this.states.has(gk) && !request.labelSelector && !request.namespace) this.states.set(gk, 'loaded');
    } catch (e) {
      this.fail(e, key, request);
    }
  }

  private fail(e: unknown, key: string, request: KindRequest): void {
    this.generation++;
    if (
      isCubScoutError(e) &&
      (e.code === 'unreachable' || e.code === 'unreadable' || e.code === 'no-cluster')
    ) {
      throw e;
    }
    const what = `${request.kind}${request.group ? `.${request.group}` : ''}`;
    if (isCubScoutError(e) && e.code === 'forbidden') {
      this.states.set(key, 'forbidden');
      this.warnings.push(`cannot list ${what}: forbidden (RBAC); results that depend on it are incomplete`);
    } else if (isCubScoutError(e) && e.code === 'not-served') {
      this.states.set(key, 'not-served');
    } else {
      this.states.set(key, 'failed');
      this.warnings.push(`cannot list ${what}: ${oneLine(e)}`);
    }
  }

  /** At most MAX_SKIP_WARNINGS warnings about skipped objects, then one that counts the rest. */
  private warn(warning: string): void {
    this.skipped++;
    if (this.skipped <= MAX_SKIP_WARNINGS) this.warnings.push(warning);
    else if (this.skipped === MAX_SKIP_WARNINGS + 1) this.warnings.push('… more objects skipped like these');
  }

  /** Add one object (readers call this through load; tests and `get` fallbacks may too). */
  add(raw: KubeObject): void {
    const obj = reduceObject(raw);
    const key = keyOf(groupOf(obj.apiVersion), obj.kind, obj.metadata.namespace, obj.metadata.name);
    if (this.byKey.has(key)) return;
    this.generation++;
    this.byKey.set(key, obj);
    if (obj.metadata.uid) this.byUidMap.set(obj.metadata.uid, obj);
    const gk = groupKindKey(groupOf(obj.apiVersion), obj.kind);
    appendTo(this.byKindMap, gk, obj);
  }

  /** Whether the objects of a kind are known: false when listing it was forbidden or failed, so a
   * lookup miss means "cannot tell", not "does not exist". */
  readable(group: string, kind: string): boolean {
    const gk = groupKindKey(group, kind);
    const state = this.states.get(gk);
    // A kind only read by name counts as readable once a GET of it answered (found or 404).
    return state === 'loaded' || state === 'not-served' || (state === undefined && this.answered.has(gk));
  }

  /** Whether a narrowed request (label selector or namespace) was listed: its objects are all known.
   * A namespaced request is covered by the same selector listed cluster-wide. */
  readableRequest(request: KindRequest): boolean {
    if (this.readable(request.group, request.kind)) return true;
    return [request, { ...request, namespace: undefined }].some((r) => {
      const state = this.states.get(requestKey(r));
      return state === 'loaded' || state === 'not-served';
    });
  }

  /** A lookup that needs every object of `request` (Helm release Secrets of a namespace): whether
   * they are all known. While recording, an unread request is noted as a miss. */
  need(request: KindRequest): boolean {
    if (this.readableRequest(request)) return true;
    const tried = [request, { ...request, namespace: undefined }].some((r) => this.states.has(requestKey(r)));
    if (!tried && !this.states.has(groupKindKey(request.group, request.kind)))
      this.misses?.push({ type: 'list', request });
    return false;
  }

  /** Run `lookups` (a trace), noting every lookup this index could not answer. */
  record<T>(lookups: () => T): { value: T; misses: Miss[]; notServed: string[] } {
    const outer = { misses: this.misses, notServed: this.notServed };
    const misses: Miss[] = [];
    const notServed = new Set<string>();
    this.misses = misses;
    this.notServed = notServed;
    try {
      return { value: lookups(), misses, notServed: [...notServed] };
    } finally {
      this.misses = outer.misses;
      this.notServed = outer.notServed;
    }
  }

  /** Forget that kinds are not served (discovery was read again and may know them now), so that
   * the next load or lookup asks again. */
  forgetNotServed(): void {
    for (const [key, state] of [...this.states]) {
      if (state !== 'not-served') continue;
      this.states.delete(key);
      this.loading.delete(key);
    }
    this.generation++;
  }

  /** Read what a recorded run missed, all at once: GETs by name and narrowed lists. */
  async fill(misses: Miss[]): Promise<void> {
    const gets = new Map<string, Extract<Miss, { type: 'get' }>>();
    const lists: KindRequest[] = [];
    for (const miss of misses) {
      if (miss.type === 'list') lists.push(miss.request);
      else gets.set(keyOf(miss.group, miss.kind, miss.namespace, miss.name), miss);
    }
    const readable: KindRequest[] = [];
    for (const request of lists) {
      try {
        if (request.namespace !== undefined) checkObjectName(request.namespace, 'namespace');
        readable.push(request);
      } catch {
        // A namespace no object can be in (a hostile annotation): listed, and empty.
        this.states.set(requestKey(request), 'loaded');
        this.generation++;
      }
    }
    await Promise.all([this.load(readable), ...[...gets.values()].map((m) => this.fetchByName(m))]);
  }

  /** One object by name, leaving the state a list of its kind would have left. */
  private async fetchByName(miss: Extract<Miss, { type: 'get' }>): Promise<void> {
    const gk = groupKindKey(miss.group, miss.kind);
    const request = { group: miss.group, kind: miss.kind };
    let raw: KubeObject | undefined;
    try {
      const kind = await this.reader.kindFor(miss.group, miss.kind, { named: true });
      if (!kind) {
        if (!this.states.has(gk)) this.states.set(gk, 'not-served');
        this.generation++;
        return;
      }
      checkObjectName(miss.name);
      if (miss.namespace !== undefined) checkObjectName(miss.namespace, 'namespace');
      raw = await this.reader.get(kind, miss.name, miss.namespace);
    } catch (e) {
      if (isCubScoutError(e) && e.code === 'bad-input') {
        this.absent.add(keyOf(miss.group, miss.kind, miss.namespace, miss.name));
        this.generation++;
        return; // a name no object can have (a hostile ownerReference): nothing to read
      }
      if (!this.states.has(gk)) this.fail(e, gk, request);
      return;
    }
    this.answered.add(gk);
    this.generation++;
    if (raw !== undefined)
      for (const obj of keepValidObjects([raw], this.source, (w) => this.warn(w))) this.add(obj);
    // Not found, or an answer that is not the object asked for: either way, not there.
    if (!this.get(miss.group, miss.kind, miss.namespace, miss.name))
      this.absent.add(keyOf(miss.group, miss.kind, miss.namespace, miss.name));
  }

  /** Whether any list succeeded (an empty cluster counts: its lists answered). */
  readAnything(): boolean {
    for (const state of this.states.values()) if (state === 'loaded') return true;
    return false;
  }

  state(group: string, kind: string): KindState | undefined {
    return this.states.get(groupKindKey(group, kind));
  }

  get(group: string, kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const found =
      this.byKey.get(keyOf(group, kind, namespace, name)) ??
      this.byKey.get(keyOf(group, kind, undefined, name));
    if (found || !this.misses) return found;
    // Recording: an object of a kind neither listed nor refused, and not yet asked for, is a miss.
    const key = keyOf(group, kind, namespace, name);
    const gk = groupKindKey(group, kind);
    const state = this.states.get(gk);
    if (state === 'not-served') this.notServed?.add(gk);
    if (!state && !this.absent.has(key)) this.misses.push({ type: 'get', group, kind, namespace, name });
    return undefined;
  }

  byUid(uid: string): KubeObject | undefined {
    return this.byUidMap.get(uid);
  }

  list(group: string, kind: string, namespace?: string): KubeObject[] {
    const all = this.byKindMap.get(groupKindKey(group, kind)) ?? [];
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
  }

  /** Every object in the index. */
  all(): KubeObject[] {
    return [...this.byKey.values()];
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Resolve a user's kind and fetch one object through the reader, adding it to the index. */
  async fetchObject(kindInput: string, name: string, namespace?: string): Promise<KubeObject> {
    checkObjectName(name);
    if (namespace !== undefined) checkObjectName(namespace, 'namespace');
    const kind = await this.reader.resolveKind(kindInput);
    const ns = kind.namespaced ? (namespace ?? 'default') : undefined;
    const cached = this.get(kind.group, kind.kind, ns, name);
    if (cached) return cached;
    const raw = await this.reader.get(kind, name, ns);
    const checked = raw === undefined ? undefined : checkObject(raw);
    if (checked && !checked.ok)
      throw new CubScoutError('unreadable', `${this.source}: ${describeRaw(raw)}: ${checked.reason}`);
    const obj = checked?.object;
    if (!obj) {
      const where = ns ? `namespace ${ns} of ${this.source}` : this.source;
      throw new CubScoutError('not-found', `${kind.kind}/${name} not found in ${where}`);
    }
    this.add(obj);
    return this.get(kind.group, kind.kind, ns, name) ?? obj;
  }
}

function keyOf(group: string, kind: string, namespace: string | undefined, name: string): string {
  return `${group}/${kind}/${namespace ?? ''}/${name}`;
}

function requestKey(r: KindRequest): string {
  const base = groupKindKey(r.group, r.kind);
  return r.labelSelector || r.namespace ? `${base}?${r.namespace ?? ''}?${r.labelSelector ?? ''}` : base;
}
