// The snapshot backend: cluster state from YAML or JSON files, the same objects a cluster returns.
// Accepts one file or a directory (recursively), multi-document YAML, `kind: List` as
// `kubectl get -o yaml` prints it, and plain JSON objects. Objects that do not fit the shape the
// engine relies on, and a second copy of an object, are skipped with a warning naming the file.
import { CubScoutError, unknownKind } from '../errors/index.js';
import { appendTo } from '../index/multimap.js';
import { BUILTIN_KINDS, matchKinds } from './builtin-kinds.js';
import { checkObject, describeRaw, WarningList } from './kube-object.js';
import { matchesFieldSelector, matchesSelector } from './label-selector.js';
import { readDocuments, snapshotFiles } from './snapshot-files.js';
import {
  type ClusterReader,
  groupKindKey,
  groupOf,
  type KindInfo,
  type KubeObject,
  type ListOptions,
  objectKey,
} from './types.js';

export class SnapshotReader implements ClusterReader {
  readonly source: string;
  private readonly kinds: KindInfo[];
  /** group/Kind -> objects */
  private readonly byKind = new Map<string, KubeObject[]>();
  /** Files and objects that were skipped, and why (every trace of this snapshot repeats them). */
  readonly warnings: string[];

  private constructor(path: string, objects: KubeObject[], warnings: string[] = []) {
    this.source = `snapshot ${path}`;
    this.warnings = warnings;
    this.kinds = [...BUILTIN_KINDS];
    for (const obj of objects) {
      const key = groupKindKey(groupOf(obj.apiVersion), obj.kind);
      appendTo(this.byKind, key, obj);
    }
    this.learnKinds(objects);
  }

  /** For AcceptedObjects: objects already checked. */
  static of(path: string, objects: KubeObject[], warnings: string[]): SnapshotReader {
    return new SnapshotReader(path, objects, warnings);
  }

  /** Load a file or directory. Throws CubScoutError('unreadable') with the file (and line) when a
   * file cannot be read or parsed, or when nothing in it is a Kubernetes object. */
  static async load(path: string): Promise<SnapshotReader> {
    const accepted = new AcceptedObjects();
    const files = await snapshotFiles(path, (w) => accepted.warnings.add(w));
    for (const file of files) accepted.addDocuments(await readDocuments(file), file);
    return accepted.reader(path);
  }

  /** Build from objects already in memory (tests, generated clusters), checked like a file's. */
  static fromObjects(objects: unknown[], name = 'in-memory'): SnapshotReader {
    const accepted = new AcceptedObjects();
    accepted.addDocuments(objects, name);
    return accepted.reader(name);
  }

  async resolveKind(input: string): Promise<KindInfo> {
    const matches = matchKinds(input, this.kinds);
    if (matches.length === 0) throw unknownKind(input, `no such kind in ${this.source}`);
    if (matches.length > 1) {
      const names = matches.map((k) => `${k.plural}.${k.group || 'core'}`).join(', ');
      throw new CubScoutError('ambiguous', `kind "${input}" is ambiguous: ${names}`);
    }
    return matches[0] as KindInfo;
  }

  async kindFor(group: string, kind: string): Promise<KindInfo | undefined> {
    return this.kinds.find((k) => k.group === group && k.kind === kind);
  }

  async get(kind: KindInfo, name: string, namespace?: string): Promise<KubeObject | undefined> {
    const bucket = this.byKind.get(groupKindKey(kind.group, kind.kind)) ?? [];
    return bucket.find(
      (o) =>
        o.metadata.name === name && (!kind.namespaced || (o.metadata.namespace ?? '') === (namespace ?? '')),
    );
  }

  /** Snapshot objects are kept as the files hold them. */
  async readWhole<T>(
    kind: KindInfo,
    name: string,
    namespace: string | undefined,
    use: (obj: KubeObject) => T,
  ): Promise<T | undefined> {
    const obj = await this.get(kind, name, namespace);
    return obj ? use(obj) : undefined;
  }

  async list(kind: KindInfo, options: ListOptions = {}): Promise<KubeObject[]> {
    const bucket = this.byKind.get(groupKindKey(kind.group, kind.kind)) ?? [];
    return bucket.filter(
      (o) =>
        (options.namespace === undefined || !kind.namespaced || o.metadata.namespace === options.namespace) &&
        matchesSelector(o.metadata.labels, options.labelSelector) &&
        matchesFieldSelector(o, options.fieldSelector),
    );
  }

  /** Every object in the snapshot (used by `snapshot` round trips and the bench). */
  allObjects(): KubeObject[] {
    return [...this.byKind.values()].flat();
  }

  /** Kinds that appear in the snapshot but not in the built-in table, and CRDs it carries. */
  private learnKinds(objects: KubeObject[]): void {
    for (const obj of objects) {
      if (obj.kind === 'CustomResourceDefinition' && obj.spec?.names?.kind) {
        const names = obj.spec.names;
        const version =
          // biome-ignore lint/suspicious/noExplicitAny: CRD versions are untyped
          obj.spec.versions?.find((v: any) => v.storage)?.name ?? obj.spec.versions?.[0]?.name ?? 'v1';
        this.addKind({
          group: obj.spec.group ?? '',
          version,
          kind: names.kind,
          plural: names.plural ?? `${names.kind.toLowerCase()}s`,
          singular: names.singular ?? names.kind.toLowerCase(),
          shortNames: names.shortNames ?? [],
          namespaced: obj.spec.scope !== 'Cluster',
        });
      }
    }
    for (const obj of objects) {
      const group = groupOf(obj.apiVersion);
      if (this.kinds.some((k) => k.group === group && k.kind === obj.kind)) continue;
      this.addKind({
        group,
        version: obj.apiVersion.slice(obj.apiVersion.indexOf('/') + 1),
        kind: obj.kind,
        plural: `${obj.kind.toLowerCase()}s`,
        singular: obj.kind.toLowerCase(),
        shortNames: [],
        namespaced: obj.metadata.namespace !== undefined,
      });
    }
  }

  private addKind(kind: KindInfo): void {
    const i = this.kinds.findIndex((k) => k.group === kind.group && k.kind === kind.kind);
    if (i >= 0) this.kinds[i] = kind;
    else this.kinds.push(kind);
  }
}

/** The objects of a snapshot as they are read: each checked (a misfit is skipped with a warning
 * naming file and object), a second copy of an object skipped with a warning. */
class AcceptedObjects {
  readonly warnings = new WarningList();
  private readonly objects: KubeObject[] = [];
  private readonly firstSeenIn = new Map<string, string>();
  private firstProblem: string | undefined;

  addDocuments(docs: unknown[], file: string): void {
    for (const doc of docs) {
      if (doc === null || doc === undefined) continue;
      for (const entry of flattenRaw(doc)) this.add(entry, file);
    }
  }

  private add(entry: RawEntry, file: string): void {
    const checked = checkObject(entry.raw);
    if (!checked.ok) {
      const what = entry.item ? `item ${entry.item} of ${entry.list}` : describeRaw(entry.raw);
      this.firstProblem ??= `snapshot ${file}: no Kubernetes object: ${what}: ${checked.reason}`;
      this.warnings.add(`snapshot ${file}: skipped ${what}: ${checked.reason}`);
      return;
    }
    const key = objectKey(checked.object);
    const earlier = this.firstSeenIn.get(key);
    if (earlier !== undefined) {
      this.warnings.add(
        `snapshot: ${describeRaw(checked.object)} appears twice (${earlier} and ${file}); keeping the first`,
      );
      return;
    }
    this.firstSeenIn.set(key, file);
    this.objects.push(checked.object);
  }

  /** Nothing but misfits is an unreadable snapshot; an empty one is an empty cluster. */
  reader(path: string): SnapshotReader {
    if (this.objects.length === 0 && this.firstProblem)
      throw new CubScoutError('unreadable', this.firstProblem);
    return SnapshotReader.of(path, this.objects, this.warnings.list());
  }
}

interface RawEntry {
  raw: unknown;
  /** 1-based position in a List, to name an item that has no name of its own. */
  item?: number;
  list?: string;
}

function flattenRaw(doc: unknown): RawEntry[] {
  const list = doc as KubeObject;
  if (list && Array.isArray(list.items) && typeof list.kind === 'string' && list.kind.endsWith('List')) {
    const listKind = list.kind.slice(0, -'List'.length);
    return (list.items as unknown[]).map((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item))
        return { raw: item, item: i + 1, list: list.kind };
      const o = item as KubeObject;
      // `kubectl get deploy -o json` items may omit apiVersion/kind in typed lists
      return { raw: { ...o, apiVersion: o.apiVersion ?? list.apiVersion, kind: o.kind ?? listKind } };
    });
  }
  return [{ raw: doc }];
}
