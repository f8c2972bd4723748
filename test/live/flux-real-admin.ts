// Driving the real-Flux test bed as admin: create, patch and delete objects, and wait for the
// controllers' conditions. Only the suite writes, never cub-scout.
import type { KindInfo, KubeObject } from '../../shared/reader/types.js';
import { type AdminClient, objectPath } from '../helpers/fixtures.js';
import { controllerLog, type FluxBed, until } from './flux-real-bed.js';

const GROUPS: Record<string, string> = {
  GitRepository: 'source.toolkit.fluxcd.io',
  HelmRepository: 'source.toolkit.fluxcd.io',
  HelmChart: 'source.toolkit.fluxcd.io',
  Kustomization: 'kustomize.toolkit.fluxcd.io',
  HelmRelease: 'helm.toolkit.fluxcd.io',
  Namespace: '',
  ConfigMap: '',
  Secret: '',
  Deployment: 'apps',
};

export class FluxDriver {
  constructor(private readonly bed: FluxBed) {}

  private get admin(): AdminClient {
    return this.bed.admin;
  }

  private async kind(kind: string): Promise<KindInfo> {
    const info = await this.admin.reader.kindFor(GROUPS[kind] ?? '', kind);
    if (!info) throw new Error(`the Flux test bed does not serve ${kind}`);
    return info;
  }

  async create(obj: Record<string, unknown>): Promise<void> {
    const meta = obj.metadata as { name: string; namespace?: string };
    const kind = await this.kind(obj.kind as string);
    await this.admin.expect('POST', objectPath(kind, meta.namespace), obj, [201, 409], `create ${obj.kind}`);
  }

  async get(kind: string, name: string, namespace?: string): Promise<KubeObject | undefined> {
    const r = await this.admin.request('GET', objectPath(await this.kind(kind), namespace, name));
    return r.status === 200 ? (r.body as KubeObject) : undefined;
  }

  async patch(kind: string, name: string, namespace: string, patch: unknown): Promise<void> {
    const path = objectPath(await this.kind(kind), namespace, name);
    const r = await this.admin.request('PATCH', path, patch, 'application/merge-patch+json');
    if (r.status !== 200) throw new Error(`patch ${kind} ${name}: ${r.status} ${JSON.stringify(r.body)}`);
  }

  async remove(kind: string, name: string, namespace: string): Promise<void> {
    await this.admin.expect(
      'DELETE',
      objectPath(await this.kind(kind), namespace, name),
      undefined,
      [200, 202, 404],
      `delete ${kind}`,
    );
    await this.waitFor(`${kind} ${name} deleted`, async () => !(await this.get(kind, name, namespace)));
  }

  /** Ask the controller for a reconcile now, like `flux reconcile`. */
  async reconcileNow(kind: string, name: string, namespace: string): Promise<void> {
    await this.patch(kind, name, namespace, {
      metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': new Date().toISOString() } },
    });
  }

  /** Wait until the object exists and `check` holds for it; a timeout shows the object's Ready
   * condition and the controllers' last log lines. */
  async waitUntil(
    kind: string,
    name: string,
    namespace: string,
    what: string,
    check: (obj: KubeObject) => boolean,
  ): Promise<KubeObject> {
    let last: KubeObject | undefined;
    try {
      await this.waitFor(`${kind} ${namespace}/${name} ${what}`, async () => {
        last = await this.get(kind, name, namespace);
        return !!last && check(last);
      });
    } catch (e) {
      const ready = JSON.stringify(readyCondition(last) ?? last?.status ?? 'absent');
      const logs = ['source-controller', 'kustomize-controller', 'helm-controller']
        .map((c) => `${c}:\n${controllerLog(this.bed, c, 5)}`)
        .join('\n');
      throw new Error(`${(e as Error).message}; last Ready: ${ready}\n${logs}`);
    }
    return last as KubeObject;
  }

  waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
    return until(what, check, 120_000);
  }
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  observedGeneration?: number;
}

export function readyCondition(obj: KubeObject | undefined): Condition | undefined {
  const list = (obj?.status?.conditions ?? []) as Condition[];
  return list.find((c) => c.type === 'Ready');
}

/** Ready=True for the current generation. */
export function isReady(obj: KubeObject): boolean {
  const ready = readyCondition(obj);
  return ready?.status === 'True' && ready.observedGeneration === obj.metadata.generation;
}

/** Ready=False after the controller looked at the current generation. */
export function failedCurrent(obj: KubeObject): boolean {
  const ready = readyCondition(obj);
  return ready?.status === 'False' && ready.observedGeneration === obj.metadata.generation;
}
