// The fixture loader: applies a snapshot scenario (a directory of `kubectl get -o yaml` objects)
// to the live test bed as admin, so that every scenario also runs against a real API server. This
// is the one place in the project that writes to a cluster, and only to the throw-away test bed.
//
// Order: namespaces, then objects with their owners first (ownerReference uids are rewritten to the
// live uids of the owners), then `status` through the status subresource. Server-set fields
// (resourceVersion, uid, creationTimestamp, managedFields, finalizers) are dropped; the field
// manager recorded in the scenario's managedFields is reused so that ownership evidence survives.
// A custom resource whose scenario has `metadata.generation: N` is written N times, so that the
// live object reaches the same generation (observedGeneration checks depend on it).
import http from 'node:http';
import https from 'node:https';
import { loadKubeconfig, type ResolvedKubeconfig } from '../../shared/reader/kubeconfig.js';
import { LiveReader } from '../../shared/reader/live.js';
import { SnapshotReader } from '../../shared/reader/snapshot.js';
import { apiVersionOf, groupOf, type KindInfo, type KubeObject } from '../../shared/reader/types.js';

const DEFAULT_MANAGER = 'cub-scout-fixtures';
const BUMP_FIELD = 'cubScoutGenerationBump';

export interface LoadedObject {
  kind: KindInfo;
  name: string;
  namespace?: string;
  uid: string;
}

export interface LoadedScenario {
  objects: LoadedObject[];
  /** Namespaces the loader created (deleted again by unload). */
  namespaces: string[];
  /** Remove everything the loader created and wait until it is gone. */
  unload(): Promise<void>;
}

interface Response {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: API server JSON
  body: any;
}

/** An admin client for the loader: the only code that sends write verbs, and only in tests. */
export class AdminClient {
  readonly kube: ResolvedKubeconfig;
  readonly reader: LiveReader;

  constructor(kubeconfig: string, context = 'testbed-admin') {
    this.kube = loadKubeconfig({ kubeconfig, context });
    this.reader = new LiveReader(this.kube, { requestTimeoutMs: 30_000 });
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<Response> {
    const url = new URL(this.kube.server.replace(/\/+$/, '') + path);
    const options: https.RequestOptions = { method, headers: { Accept: 'application/json' } };
    await this.kube.config.applyToHTTPSOptions(options);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    if (payload)
      options.headers = { ...options.headers, 'Content-Type': contentType, 'Content-Length': payload.length };
    const transport = url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      const req = transport.request(url, { ...options, timeout: 30_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // keep the text: an error page
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timeout`)));
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  async expect(method: string, path: string, body: unknown, ok: number[], what: string): Promise<Response> {
    const response = await this.request(method, path, body);
    if (!ok.includes(response.status)) {
      const message = response.body?.message ?? JSON.stringify(response.body);
      throw new Error(`fixture loader: ${what}: ${method} ${path} → ${response.status} ${message}`);
    }
    return response;
  }
}

export function objectPath(kind: KindInfo, namespace: string | undefined, name?: string): string {
  const root = kind.group ? `/apis/${kind.group}/${kind.version}` : `/api/${kind.version}`;
  const ns = kind.namespaced ? `/namespaces/${namespace ?? 'default'}` : '';
  return `${root}${ns}/${kind.plural}${name ? `/${name}` : ''}`;
}

/** Apply every object of a scenario directory (or file) to the cluster. */
export async function loadScenario(
  dir: string,
  kubeconfig: string,
  context?: string,
): Promise<LoadedScenario> {
  const admin = new AdminClient(kubeconfig, context);
  const objects = (await SnapshotReader.load(dir)).allObjects();
  const loaded: LoadedObject[] = [];
  const createdNamespaces: string[] = [];
  const uids = new Map<string, string>(); // scenario uid -> live uid

  const namespaceKind = (await admin.reader.kindFor('', 'Namespace')) as KindInfo;
  const wanted = new Set(objects.map((o) => o.metadata.namespace).filter((n): n is string => !!n));
  for (const obj of objects.filter((o) => o.kind === 'Namespace' && groupOf(o.apiVersion) === '')) {
    wanted.add(obj.metadata.name);
  }
  for (const name of wanted) {
    const scenarioNs = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === name);
    const existing = await admin.request('GET', objectPath(namespaceKind, undefined, name));
    if (existing.status === 200) continue; // default, kube-system: shared, never deleted
    const body = clean(scenarioNs ?? { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, uids);
    const created = await admin.expect(
      'POST',
      objectPath(namespaceKind, undefined),
      body,
      [201],
      `namespace ${name}`,
    );
    createdNamespaces.push(name);
    if (scenarioNs?.metadata.uid) uids.set(scenarioNs.metadata.uid, created.body.metadata.uid);
  }

  for (const obj of ownersFirst(objects.filter((o) => o.kind !== 'Namespace'))) {
    const kind = await admin.reader.kindFor(groupOf(obj.apiVersion), obj.kind);
    if (!kind) throw new Error(`fixture loader: the test bed does not serve ${obj.apiVersion} ${obj.kind}`);
    const live = await createObject(admin, kind, obj, uids);
    if (obj.metadata.uid) uids.set(obj.metadata.uid, live.metadata.uid as string);
    const entry: LoadedObject = { kind, name: obj.metadata.name, uid: live.metadata.uid as string };
    if (kind.namespaced) entry.namespace = obj.metadata.namespace ?? 'default';
    loaded.push(entry);
  }

  return {
    objects: loaded,
    namespaces: createdNamespaces,
    unload: () => unloadScenario(admin, loaded, createdNamespaces, namespaceKind),
  };
}

async function createObject(
  admin: AdminClient,
  kind: KindInfo,
  obj: KubeObject,
  uids: Map<string, string>,
): Promise<KubeObject> {
  const manager =
    obj.metadata.managedFields?.find((f) => f.manager && !f.subresource)?.manager ?? DEFAULT_MANAGER;
  const statusManager =
    obj.metadata.managedFields?.find((f) => f.subresource === 'status')?.manager ?? manager;
  const generation = isCustomResource(kind) ? (obj.metadata.generation ?? 1) : 1;
  const body = clean(obj, uids);
  body.apiVersion = apiVersionOf(kind);
  if (generation > 1) body.spec = { ...(body.spec ?? {}), [BUMP_FIELD]: 0 };
  const collection = `${objectPath(kind, obj.metadata.namespace, undefined)}?fieldManager=${manager}`;
  // Pods need the namespace's default ServiceAccount, which a controller creates a moment after
  // the namespace: retry for a while on that one refusal.
  let created: Response | undefined;
  for (let attempt = 0; ; attempt++) {
    created = await admin.request('POST', collection, body);
    const message = String(created.body?.message ?? '');
    if (created.status === 201) break;
    if (attempt < 100 && /serviceaccount|service account/i.test(message)) {
      await sleep(100);
      continue;
    }
    throw new Error(
      `fixture loader: create ${kind.kind} ${obj.metadata.namespace ?? ''}/${obj.metadata.name}: ${created.status} ${message}`,
    );
  }
  let live = created.body as KubeObject;
  const path = objectPath(kind, obj.metadata.namespace, obj.metadata.name);
  for (let bump = 1; bump < generation; bump++) {
    const spec = bump < generation - 1 ? { ...(obj.spec ?? {}), [BUMP_FIELD]: bump } : obj.spec;
    live = (
      await admin.expect(
        'PUT',
        `${path}?fieldManager=${manager}`,
        { ...live, spec },
        [200],
        `generation of ${path}`,
      )
    ).body;
  }
  if (live.metadata.generation !== undefined && live.metadata.generation !== generation)
    throw new Error(
      `fixture loader: ${path} reached generation ${live.metadata.generation}, not ${generation}`,
    );
  if (obj.status !== undefined && kind.kind !== 'Namespace') {
    for (let attempt = 0; ; attempt++) {
      const response = await admin.request('PUT', `${path}/status?fieldManager=${statusManager}`, {
        ...live,
        status: obj.status,
      });
      if (response.status === 200) {
        live = response.body;
        break;
      }
      if (response.status === 404) break; // a kind without a status subresource keeps no status
      if (response.status === 409 && attempt < 10) {
        // A controller (deployment, replicaset) wrote status meanwhile: take its version and retry.
        live = (await admin.expect('GET', path, undefined, [200], `re-read ${path}`)).body;
        continue;
      }
      throw new Error(
        `fixture loader: status of ${path}: ${response.status} ${response.body?.message ?? ''}`,
      );
    }
  }
  return live;
}

async function unloadScenario(
  admin: AdminClient,
  objects: LoadedObject[],
  namespaces: string[],
  namespaceKind: KindInfo,
): Promise<void> {
  const background = { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' };
  for (const obj of [...objects].reverse()) {
    await admin.expect(
      'DELETE',
      objectPath(obj.kind, obj.namespace, obj.name),
      background,
      [200, 202, 404],
      'unload',
    );
  }
  for (const ns of namespaces) {
    await admin.expect(
      'DELETE',
      objectPath(namespaceKind, undefined, ns),
      background,
      [200, 202, 404],
      'unload',
    );
  }
  // Wait until the next scenario cannot see any of it (namespaces finish terminating only once the
  // namespace controller has emptied them; controllers' ReplicaSets and Pods go with them).
  const deadline = Date.now() + 90_000;
  const paths = [
    ...objects
      .filter((o) => !o.namespace || !namespaces.includes(o.namespace))
      .map((o) => objectPath(o.kind, o.namespace, o.name)),
    ...namespaces.map((ns) => objectPath(namespaceKind, undefined, ns)),
  ];
  for (const path of paths) {
    while ((await admin.request('GET', path)).status !== 404) {
      if (Date.now() > deadline) throw new Error(`fixture loader: ${path} still exists 90 s after deletion`);
      await sleep(100);
    }
  }
}

/** A copy without what the server sets, ownerReference uids mapped to the live owners. */
function clean(obj: KubeObject, uids: Map<string, string>): KubeObject {
  const {
    resourceVersion: _rv,
    uid: _uid,
    creationTimestamp: _ct,
    managedFields: _mf,
    generation: _gen,
    finalizers: _fin,
    deletionTimestamp: _dt,
    selfLink: _sl,
    ...metadata
  } = obj.metadata as KubeObject['metadata'] & { finalizers?: unknown; selfLink?: unknown };
  const { status: _status, ...rest } = obj;
  const copy = structuredClone({ ...rest, metadata }) as KubeObject;
  if (copy.metadata.ownerReferences) {
    copy.metadata.ownerReferences = copy.metadata.ownerReferences.map((ref) => {
      const uid = uids.get(ref.uid);
      if (!uid)
        throw new Error(
          `fixture loader: owner ${ref.kind}/${ref.name} of ${obj.kind}/${obj.metadata.name} is not in the scenario`,
        );
      return { ...ref, uid };
    });
  }
  return copy;
}

/** Owners before the objects that reference them (by scenario uid), stable otherwise. */
function ownersFirst(objects: KubeObject[]): KubeObject[] {
  const byUid = new Map(objects.filter((o) => o.metadata.uid).map((o) => [o.metadata.uid as string, o]));
  const done = new Set<KubeObject>();
  const ordered: KubeObject[] = [];
  const visit = (obj: KubeObject, depth: number) => {
    if (done.has(obj) || depth > 20) return;
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const owner = byUid.get(ref.uid);
      if (owner) visit(owner, depth + 1);
    }
    done.add(obj);
    ordered.push(obj);
  };
  for (const obj of objects) visit(obj, 0);
  return ordered;
}

function isCustomResource(kind: KindInfo): boolean {
  return kind.group.includes('.') && !kind.group.endsWith('.k8s.io');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
