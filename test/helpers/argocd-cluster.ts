// What an Argo CD installation puts into its cluster before its controllers start: the real CRDs
// (replacing the test bed's schemaless ones), the control-plane namespace with argocd-cm,
// argocd-rbac-cm and argocd-secret, and the `default` AppProject (normally made by argocd-server,
// which the suite does not run). Written as admin through server-side apply, like `kubectl apply
// --server-side` (the Application CRD is far too big for client-side apply's annotation).
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { groupOf, type KindInfo, type KubeObject } from '../../shared/reader/types.js';
import { type AdminClient, objectPath } from './admin-client.js';

const FIELD_MANAGER = 'cub-scout-argocd-setup';
/** Labels the install manifests put on Argo CD's ConfigMaps and Secrets (its settings informer
 * selects `app.kubernetes.io/part-of=argocd`). */
const PART_OF = { 'app.kubernetes.io/part-of': 'argocd' };

/** Server-side apply of one object (created or updated), as admin. */
export async function applyObject(admin: AdminClient, obj: KubeObject): Promise<KubeObject> {
  const kind = await kindOf(admin, obj);
  const path = `${objectPath(kind, obj.metadata.namespace, obj.metadata.name)}?fieldManager=${FIELD_MANAGER}&force=true`;
  const response = await admin.request('PATCH', path, obj, 'application/apply-patch+yaml');
  if (response.status !== 200 && response.status !== 201)
    throw new Error(
      `apply ${obj.kind} ${obj.metadata.namespace ?? ''}/${obj.metadata.name}: ${response.status} ${response.body?.message ?? ''}`,
    );
  return response.body as KubeObject;
}

/** A JSON merge patch, as admin (what `kubectl patch --type merge` sends). */
export async function mergePatch(admin: AdminClient, obj: KubeObject, patch: object): Promise<KubeObject> {
  const kind = await kindOf(admin, obj);
  const path = objectPath(kind, obj.metadata.namespace, obj.metadata.name);
  const response = await admin.request('PATCH', path, patch, 'application/merge-patch+json');
  if (response.status !== 200)
    throw new Error(
      `patch ${obj.kind} ${obj.metadata.name}: ${response.status} ${response.body?.message ?? ''}`,
    );
  return response.body as KubeObject;
}

async function kindOf(admin: AdminClient, obj: { apiVersion: string; kind: string }): Promise<KindInfo> {
  let kind = await admin.reader.kindFor(groupOf(obj.apiVersion), obj.kind);
  if (!kind) {
    admin.refreshDiscovery();
    kind = await admin.reader.kindFor(groupOf(obj.apiVersion), obj.kind);
  }
  if (!kind) throw new Error(`the cluster does not serve ${obj.apiVersion} ${obj.kind}`);
  return kind;
}

/** Replace the test bed's argoproj.io CRDs with the real ones of the Argo CD build: delete them
 * (the test bed is fresh: no objects to lose), then apply the upstream ones and wait until served. */
export async function installArgoCRDs(admin: AdminClient, crdDir: string): Promise<void> {
  const crds = readdirSync(crdDir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => parse(readFileSync(join(crdDir, f), 'utf8')) as KubeObject);
  const crdKind = await kindOf(admin, {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
  });
  for (const crd of crds) {
    const path = objectPath(crdKind, undefined, crd.metadata.name);
    await admin.expect('DELETE', path, undefined, [200, 202, 404], `delete CRD ${crd.metadata.name}`);
    await until(
      async () => (await admin.request('GET', path)).status === 404,
      `CRD ${crd.metadata.name} deleted`,
    );
  }
  for (const crd of crds) await applyObject(admin, crd);
  await until(async () => {
    admin.refreshDiscovery();
    for (const crd of crds) {
      const live = (await admin.request('GET', objectPath(crdKind, undefined, crd.metadata.name))).body;
      const established = live?.status?.conditions?.some(
        (c: { type: string; status: string }) => c.type === 'Established' && c.status === 'True',
      );
      if (!established || !(await admin.reader.kindFor(crd.spec.group, crd.spec.names.kind))) return false;
    }
    return true;
  }, 'Argo CD CRDs served');
}

export interface ArgoSetup {
  namespace: string;
  /** Extra argocd-cm data (e.g. application.resourceTrackingMethod). */
  settings?: Record<string, string>;
}

/** The argocd-cm ConfigMap: reconciliation every 30 s keeps the suite short. */
export function argocdCm(namespace: string, settings: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'argocd-cm',
      namespace,
      labels: { 'app.kubernetes.io/name': 'argocd-cm', ...PART_OF },
    },
    data: { 'timeout.reconciliation': '30s', ...settings },
  };
}

export async function installControlPlane(admin: AdminClient, setup: ArgoSetup): Promise<void> {
  const { namespace } = setup;
  await applyObject(admin, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  await applyObject(admin, argocdCm(namespace, setup.settings));
  await applyObject(admin, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'argocd-rbac-cm',
      namespace,
      labels: { 'app.kubernetes.io/name': 'argocd-rbac-cm', ...PART_OF },
    },
  });
  await applyObject(admin, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'argocd-secret',
      namespace,
      labels: { 'app.kubernetes.io/name': 'argocd-secret', ...PART_OF },
    },
    type: 'Opaque',
    data: { 'server.secretkey': randomBytes(32).toString('base64') },
  });
  await applyObject(admin, {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: 'default', namespace },
    spec: {
      sourceRepos: ['*'],
      destinations: [{ server: '*', namespace: '*' }],
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
    },
  });
}

export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
