// The snapshot backend: cluster state from YAML or JSON files, the same objects a cluster returns.
// Accepts one file or a directory (recursively), multi-document YAML, `kind: List` as
// `kubectl get -o yaml` prints it, and plain JSON objects.
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CubScoutError, unknownKind } from '../errors/index.js';
import { appendTo } from '../index/multimap.js';
import { BUILTIN_KINDS, matchKinds } from './builtin-kinds.js';
import { matchesSelector } from './label-selector.js';
import {
  type ClusterReader,
  groupKindKey,
  groupOf,
  type KindInfo,
  type KubeObject,
  type ListOptions,
} from './types.js';

const SNAPSHOT_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export class SnapshotReader implements ClusterReader {
  readonly source: string;
  private readonly kinds: KindInfo[];
  /** group/Kind -> objects */
  private readonly byKind = new Map<string, KubeObject[]>();

  private constructor(path: string, objects: KubeObject[]) {
    this.source = `snapshot ${path}`;
    this.kinds = [...BUILTIN_KINDS];
    for (const obj of objects) {
      const key = groupKindKey(groupOf(obj.apiVersion), obj.kind);
      appendTo(this.byKind, key, obj);
    }
    this.learnKinds(objects);
  }

  /** Load a file or directory. Throws CubScoutError('unreadable') with the file and line on bad input. */
  static async load(path: string): Promise<SnapshotReader> {
    const files = await snapshotFiles(path);
    const objects: KubeObject[] = [];
    for (const file of files) objects.push(...(await readObjects(file)));
    return new SnapshotReader(path, objects);
  }

  /** Build from objects already in memory (tests, generated clusters). */
  static fromObjects(objects: KubeObject[], name = 'in-memory'): SnapshotReader {
    return new SnapshotReader(name, objects.flatMap(flattenList));
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

  async list(kind: KindInfo, options: ListOptions = {}): Promise<KubeObject[]> {
    const bucket = this.byKind.get(groupKindKey(kind.group, kind.kind)) ?? [];
    return bucket.filter(
      (o) =>
        (options.namespace === undefined || !kind.namespaced || o.metadata.namespace === options.namespace) &&
        matchesSelector(o.metadata.labels, options.labelSelector),
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

async function snapshotFiles(path: string): Promise<string[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    throw new CubScoutError('unreadable', `snapshot ${path}: no such file or directory`);
  }
  if (info.isFile()) return [path];
  const files: string[] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (SNAPSHOT_EXTENSIONS.has(extname(entry.name).toLowerCase())) files.push(full);
    }
  };
  await walk(path);
  if (files.length === 0)
    throw new CubScoutError('unreadable', `snapshot ${path}: no .yaml, .yml or .json files`);
  return files;
}

async function readObjects(file: string): Promise<KubeObject[]> {
  const text = await readFile(file, 'utf8');
  const docs: unknown[] = [];
  if (extname(file).toLowerCase() === '.json') {
    try {
      docs.push(JSON.parse(text));
    } catch (e) {
      throw new CubScoutError('unreadable', `snapshot ${file}: malformed JSON: ${(e as Error).message}`);
    }
  } else {
    for (const doc of parseAllDocuments(text)) {
      const error = doc.errors[0];
      if (error) {
        const line = error.linePos?.[0]?.line;
        const where = line ? `${file}:${line}` : file;
        throw new CubScoutError(
          'unreadable',
          `snapshot ${where}: malformed YAML: ${error.message.split('\n')[0]}`,
        );
      }
      docs.push(doc.toJS());
    }
  }
  const objects: KubeObject[] = [];
  for (const doc of docs) {
    if (doc === null || doc === undefined) continue;
    for (const obj of flattenList(doc as KubeObject)) {
      if (!isKubeObject(obj)) {
        throw new CubScoutError(
          'unreadable',
          `snapshot ${file}: a document has no apiVersion, kind or metadata.name`,
        );
      }
      objects.push(obj);
    }
  }
  return objects;
}

/** `kind: List` (and `*List` from `kubectl get -o yaml`) hold their objects in `items`. */
function flattenList(doc: KubeObject): KubeObject[] {
  if (doc && Array.isArray(doc.items) && typeof doc.kind === 'string' && doc.kind.endsWith('List')) {
    const listKind = doc.kind.slice(0, -'List'.length);
    return (doc.items as KubeObject[]).map((item) => ({
      ...item,
      // `kubectl get deploy -o json` items may omit apiVersion/kind in typed lists
      apiVersion: item.apiVersion ?? (doc.apiVersion as string),
      kind: item.kind ?? listKind,
    }));
  }
  return [doc];
}

function isKubeObject(doc: unknown): doc is KubeObject {
  const o = doc as KubeObject;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.apiVersion === 'string' &&
    typeof o.kind === 'string' &&
    typeof o.metadata?.name === 'string'
  );
}
