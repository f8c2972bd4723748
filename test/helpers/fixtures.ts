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
import { SnapshotReader } from '../../shared/reader/snapshot.js';
import { apiVersionOf, groupOf, type KindInfo, type KubeObject } from '../../shared/reader/types.js';
import { AdminClient, objectPath, type Response } from './admin-client.js';
import { placeholderCrd, withRequiredFields } from './fixture-defaults.js';

export { AdminClient, objectPath };

const DEFAULT_MANAGER = 'cub-scout-fixtures';
const BUMP_FIELD = 'cubScoutGenerationBump';
/** API groups whose objects' status a controller of the test bed writes. */
const CONTROLLER_OWNED_STATUS = new Set(['apps', 'batch']);

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

/** Apply every object of a scenario directory (or file) to the cluster. On failure, whatever was
 * created is removed again before the error is thrown, so the next scenario starts clean. */
export async function loadScenario(
  dir: string,
  kubeconfig: string,
  context?: string,
  /** Creates in flight at once (the bench loads thousands of objects); owners still come first. */
  concurrency = 1,
): Promise<LoadedScenario> {
  const admin = new AdminClient(kubeconfig, context);
  const objects = withRequiredFields((await SnapshotReader.load(dir)).allObjects());
  const created: Created = { objects: [], namespaces: [], crds: [] };
  const namespaceKind = (await admin.reader.kindFor('', 'Namespace')) as KindInfo;
  const crdKind = (await admin.reader.kindFor(
    'apiextensions.k8s.io',
    'CustomResourceDefinition',
  )) as KindInfo;
  const unload = () => unloadScenario(admin, created, namespaceKind, crdKind);
  try {
    await createNamespaces(admin, objects, created, namespaceKind);
    await servePlaceholderKinds(admin, objects, created, crdKind);
    const uids = new Map<string, string>(); // scenario uid -> live uid
    const load = async (obj: KubeObject) => {
      const kind = await admin.reader.kindFor(groupOf(obj.apiVersion), obj.kind);
      if (!kind) throw new Error(`fixture loader: the test bed does not serve ${obj.apiVersion} ${obj.kind}`);
      const { live, adopted } = await createObject(admin, kind, obj, uids);
      if (obj.metadata.uid) uids.set(obj.metadata.uid, live.metadata.uid as string);
      const entry: LoadedObject = { kind, name: obj.metadata.name, uid: live.metadata.uid as string };
      if (kind.namespaced) entry.namespace = obj.metadata.namespace ?? 'default';
      if (!adopted) created.objects.push(entry);
    };
    const ordered = ownersFirst(objects.filter((o) => o.kind !== 'Namespace'));
    if (concurrency <= 1) for (const obj of ordered) await load(obj);
    else for (const level of ownerLevels(ordered)) await inParallel(level, concurrency, load);
  } catch (e) {
    await unload().catch(() => undefined);
    throw e;
  }
  return { objects: created.objects, namespaces: created.namespaces, unload };
}

interface Created {
  objects: LoadedObject[];
  namespaces: string[];
  /** Names of placeholder CRDs the loader installed. */
  crds: string[];
}

async function createNamespaces(
  admin: AdminClient,
  objects: KubeObject[],
  created: Created,
  namespaceKind: KindInfo,
): Promise<void> {
  const wanted = new Set(objects.map((o) => o.metadata.namespace).filter((n): n is string => !!n));
  for (const obj of objects.filter((o) => o.kind === 'Namespace' && groupOf(o.apiVersion) === '')) {
    wanted.add(obj.metadata.name);
  }
  for (const name of wanted) {
    const scenarioNs = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === name);
    const path = objectPath(namespaceKind, undefined, name);
    let existing = await admin.request('GET', path);
    // A namespace of the previous scenario still terminating: wait until it is gone.
    for (
      let i = 0;
      existing.status === 200 && existing.body?.status?.phase === 'Terminating' && i < 600;
      i++
    ) {
      await sleep(100);
      existing = await admin.request('GET', path);
    }
    if (existing.status === 200) continue; // default, kube-system: shared, never deleted
    const body = clean(scenarioNs ?? { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, new Map());
    await admin.expect('POST', objectPath(namespaceKind, undefined), body, [201], `namespace ${name}`);
    created.namespaces.push(name);
  }
}

/** Install a schemaless CRD for every kind of the scenario that the test bed does not serve. */
async function servePlaceholderKinds(
  admin: AdminClient,
  objects: KubeObject[],
  created: Created,
  crdKind: KindInfo,
): Promise<void> {
  const missing = new Map<string, KubeObject>();
  for (const obj of objects) {
    const group = groupOf(obj.apiVersion);
    if (!group.includes('.') || (await admin.reader.kindFor(group, obj.kind))) continue;
    const crd = placeholderCrd(obj, obj.metadata.namespace !== undefined);
    missing.set(crd.metadata.name, crd);
  }
  for (const [name, crd] of missing) {
    await admin.expect('POST', objectPath(crdKind, undefined), crd, [201], `placeholder CRD ${name}`);
    created.crds.push(name);
  }
  if (missing.size === 0) return;
  const deadline = Date.now() + 30_000;
  for (;;) {
    admin.refreshDiscovery();
    const served = await Promise.all(
      [...missing.values()].map((crd) => admin.reader.kindFor(crd.spec.group, crd.spec.names.kind)),
    );
    if (served.every(Boolean)) return;
    if (Date.now() > deadline) throw new Error('fixture loader: placeholder CRDs not served after 30 s');
    await sleep(200);
  }
}

async function createObject(
  admin: AdminClient,
  kind: KindInfo,
  obj: KubeObject,
  uids: Map<string, string>,
): Promise<{ live: KubeObject; adopted: boolean }> {
  const manager =
    obj.metadata.managedFields?.find((f) => f.manager && !f.subresource)?.manager ?? DEFAULT_MANAGER;
  const statusManager =
    obj.metadata.managedFields?.find((f) => f.subresource === 'status')?.manager ?? manager;
  const generation = isCustomResource(kind) ? (obj.metadata.generation ?? 1) : 1;
  const body = clean(obj, uids);
  body.apiVersion = apiVersionOf(kind);
  if (generation > 1) body.spec = { ...(body.spec ?? {}), [BUMP_FIELD]: 0 };
  const collection = `${objectPath(kind, obj.metadata.namespace, undefined)}?fieldManager=${manager}`;
  const path = objectPath(kind, obj.metadata.namespace, obj.metadata.name);
  // Pods need the namespace's default ServiceAccount, which a controller creates a moment after
  // the namespace: retry for a while on that one refusal.
  let created: Response | undefined;
  let adopted = false;
  for (let attempt = 0; ; attempt++) {
    created = await admin.request('POST', collection, body);
    const message = String(created.body?.message ?? '');
    if (created.status === 201) break;
    if (attempt < 100 && /serviceaccount|service account/i.test(message)) {
      await sleep(100);
      continue;
    }
    if (created.status === 409) {
      // Objects the cluster makes for itself (the default ServiceAccount, kube-root-ca.crt): take
      // the scenario's labels and annotations onto them; they stay after unload.
      created = await adopt(admin, path, body, manager);
      adopted = true;
      break;
    }
    throw new Error(
      `fixture loader: create ${kind.kind} ${obj.metadata.namespace ?? ''}/${obj.metadata.name}: ${created.status} ${message}`,
    );
  }
  let live = created.body as KubeObject;
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
      if (response.status === 404) {
        // No status subresource (Argo CD's Application has none): status is part of the object.
        live = (
          await admin.expect(
            'PUT',
            `${path}?fieldManager=${statusManager}`,
            { ...live, status: obj.status },
            [200],
            `status of ${path}`,
          )
        ).body;
        break;
      }
      if (response.status === 409 && attempt < 10) {
        // A controller (deployment, replicaset) wrote status meanwhile: take its version and retry.
        live = (await admin.expect('GET', path, undefined, [200], `re-read ${path}`)).body;
        continue;
      }
      if (response.status === 422 && CONTROLLER_OWNED_STATUS.has(kind.group)) {
        // A workload status the API server rejects as inconsistent: kube-controller-manager owns
        // it in the test bed anyway (and the live comparison leaves workload health out).
        break;
      }
      throw new Error(
        `fixture loader: status of ${path}: ${response.status} ${response.body?.message ?? ''}`,
      );
    }
  }
  live = await addManagers(admin, path, obj, manager, live);
  live = await addScaleManagers(admin, path, obj, live);
  return { live, adopted };
}

/** The scenario names more than one field manager (kubectl-client-side-apply, then kubectl-edit):
 * let each further manager write a field of its own, so the live object names them all. */
async function addManagers(
  admin: AdminClient,
  path: string,
  obj: KubeObject,
  first: string,
  live: KubeObject,
): Promise<KubeObject> {
  const others = [
    ...new Set(
      (obj.metadata.managedFields ?? [])
        .filter((f) => f.manager && !f.subresource && f.manager !== first)
        .map((f) => f.manager as string),
    ),
  ];
  let current = live;
  for (const [i, manager] of others.entries()) {
    for (let attempt = 0; ; attempt++) {
      const annotations = {
        ...(current.metadata.annotations ?? {}),
        [`cub-scout.test/manager-${i}`]: manager,
      };
      const body = { ...current, metadata: { ...current.metadata, annotations } };
      const response = await admin.request('PUT', `${path}?fieldManager=${manager}`, body);
      if (response.status === 200) {
        current = response.body;
        break;
      }
      if (response.status !== 409 || attempt >= 10)
        throw new Error(`fixture loader: manager ${manager} on ${path}: ${response.status}`);
      current = (await admin.expect('GET', path, undefined, [200], `re-read ${path}`)).body;
    }
  }
  return current;
}

/** A manager the scenario records on the scale subresource (`kubectl scale`, an HPA): let it scale
 * away and back, so that it owns spec.replicas at the scenario's value (the API server gives an
 * Update only the fields it changes). */
async function addScaleManagers(
  admin: AdminClient,
  path: string,
  obj: KubeObject,
  live: KubeObject,
): Promise<KubeObject> {
  const replicas = obj.spec?.replicas;
  if (typeof replicas !== 'number') return live;
  const scalers = (obj.metadata.managedFields ?? []).filter((f) => f.subresource === 'scale' && f.manager);
  for (const { manager } of scalers)
    for (const value of [replicas + 1, replicas])
      await admin.expect(
        'PUT',
        `${path}/scale?fieldManager=${manager}`,
        {
          apiVersion: 'autoscaling/v1',
          kind: 'Scale',
          metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace },
          spec: { replicas: value },
        },
        [200],
        `scale ${path}`,
      );
  if (scalers.length === 0) return live;
  return (await admin.expect('GET', path, undefined, [200], `re-read ${path}`)).body;
}

async function adopt(admin: AdminClient, path: string, body: KubeObject, manager: string): Promise<Response> {
  // A controller of the test bed may update the object between our read and write (a Deployment
  // past its progress deadline): read again and retry on a conflict.
  for (let attempt = 1; ; attempt++) {
    const existing = (await admin.expect('GET', path, undefined, [200], `adopt ${path}`)).body as KubeObject;
    existing.metadata.labels = { ...(existing.metadata.labels ?? {}), ...(body.metadata.labels ?? {}) };
    existing.metadata.annotations = {
      ...(existing.metadata.annotations ?? {}),
      ...(body.metadata.annotations ?? {}),
    };
    const ok = attempt < 5 ? [200, 409] : [200];
    const response = await admin.expect(
      'PUT',
      `${path}?fieldManager=${manager}`,
      existing,
      ok,
      `adopt ${path}`,
    );
    if (response.status === 200) return response;
  }
}

async function unloadScenario(
  admin: AdminClient,
  created: Created,
  namespaceKind: KindInfo,
  crdKind: KindInfo,
): Promise<void> {
  const { objects, namespaces, crds } = created;
  // Grace period 0: the scenario's pods are bound to a node that has no kubelet to confirm a
  // graceful deletion.
  const background = {
    kind: 'DeleteOptions',
    apiVersion: 'v1',
    propagationPolicy: 'Background',
    gracePeriodSeconds: 0,
  };
  const paths = [
    ...[...objects].reverse().map((o) => objectPath(o.kind, o.namespace, o.name)),
    ...namespaces.map((ns) => objectPath(namespaceKind, undefined, ns)),
    ...crds.map((name) => objectPath(crdKind, undefined, name)),
  ];
  for (const path of paths) await admin.expect('DELETE', path, background, [200, 202, 404], 'unload');
  // Wait until the next scenario cannot see any of it (namespaces finish terminating only once the
  // namespace controller has emptied them; controllers' ReplicaSets and Pods go with them).
  const deadline = Date.now() + 90_000;
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

/** `ordered` (owners first) cut into levels: every object's owners are in an earlier level, so the
 * objects of one level can be created at the same time. */
function ownerLevels(ordered: KubeObject[]): KubeObject[][] {
  const levelOf = new Map<string, number>();
  const levels: KubeObject[][] = [];
  for (const obj of ordered) {
    const owners = (obj.metadata.ownerReferences ?? []).map((ref) => levelOf.get(ref.uid) ?? -1);
    const level = Math.max(-1, ...owners) + 1;
    if (obj.metadata.uid) levelOf.set(obj.metadata.uid, level);
    const members = levels[level] ?? [];
    members.push(obj);
    levels[level] = members;
  }
  return levels;
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function isCustomResource(kind: KindInfo): boolean {
  return kind.group.includes('.') && !kind.group.endsWith('.k8s.io');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
