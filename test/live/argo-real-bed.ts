// The real-Argo test bed: a test bed of its own (so that the real, schema-checked Argo CD CRDs and a
// running controller never meet the other live suites' fixtures), with Argo CD started on it, fixture
// Git repositories behind a git daemon, and what a test does as admin: declare an Application, sync
// it the way `argocd app sync` does, wait for the controller. cub-scout itself only ever reads, as
// the read-only user.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../shared/engine.js';
import type { TraceResult } from '../../shared/model/trace-result.js';
import { openLiveReader } from '../../shared/reader/live.js';
import type { ClusterReader, KubeObject } from '../../shared/reader/types.js';
import { AdminClient, objectPath } from '../helpers/admin-client.js';
import {
  applyObject,
  argocdCm,
  installArgoCRDs,
  installControlPlane,
  mergePatch,
  until,
} from '../helpers/argocd-cluster.js';
import { buildArgoCD, type RunningArgoCD, startArgoCD } from '../helpers/argocd-process.js';
import { GitRepo } from '../helpers/git-repos.js';
import { startTestbed, stop, type TestbedInfo } from '../setup/testbed-process.js';
import { NOW, testbed } from './testbed.js';

export const ARGO_NS = 'argocd';
const APP_API = 'argoproj.io/v1alpha1';

export interface ArgoBed {
  info: Omit<TestbedInfo, 'binDir' | 'buildMillis'>;
  admin: AdminClient;
  argo: RunningArgoCD;
  gitRoot: string;
  buildMillis: number;
  stop(): Promise<void>;
}

/** Build (cached) and start a test bed with Argo CD on it. */
export async function startArgoBed(): Promise<ArgoBed> {
  const shared = testbed(); // the global setup built the test bed binaries (and proves they work)
  const dir = mkdtempSync(join(tmpdir(), 'cub-scout-argo-'));
  const gitRoot = join(dir, 'git');
  mkdirSync(gitRoot);
  let child: ChildProcess | undefined;
  let argo: RunningArgoCD | undefined;
  const stopAll = async () => {
    await argo?.stop();
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const started = Date.now();
    const argoBin = await buildArgoCD();
    const buildMillis = Date.now() - started;
    const testbedStart = startTestbed(shared.binDir, dir);
    child = testbedStart.child;
    const info = await testbedStart.ready;
    const admin = new AdminClient(info.kubeconfig, info.adminContext);
    await installArgoCRDs(admin, join(argoBin, 'crds'));
    await installControlPlane(admin, { namespace: ARGO_NS });
    argo = await startArgoCD({
      binDir: argoBin,
      helmDir: shared.binDir,
      kubeconfig: info.kubeconfig,
      stateDir: join(dir, 'argocd'),
      gitRoot,
      namespace: ARGO_NS,
    });
    process.stderr.write(
      `argo cd ready on ${info.server} (build/cache ${(buildMillis / 1000).toFixed(1)} s, logs ${argo.logDir})\n`,
    );
    return { info, admin, argo, gitRoot, buildMillis, stop: stopAll };
  } catch (e) {
    // Keep the logs of a failed start: they say why.
    await argo?.stop();
    await stop(child);
    throw new Error(`${(e as Error).message} (state and logs kept in ${dir})`);
  }
}

export interface AppSpec {
  name: string;
  repo: string;
  path: string;
  namespace: string;
  automated?: { prune?: boolean; selfHeal?: boolean };
  /** Extra source fields (helm, kustomize). */
  source?: Record<string, unknown>;
}

/** An Application as a user writes it (destination: the in-cluster server). */
export function application(bed: ArgoBed, spec: AppSpec): KubeObject {
  return {
    apiVersion: APP_API,
    kind: 'Application',
    metadata: { name: spec.name, namespace: ARGO_NS },
    spec: {
      project: 'default',
      source: {
        repoURL: bed.argo.gitUrl(spec.repo),
        path: spec.path,
        targetRevision: 'main',
        ...spec.source,
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: spec.namespace },
      syncPolicy: {
        syncOptions: ['CreateNamespace=true'],
        ...(spec.automated ? { automated: spec.automated } : {}),
      },
    },
  };
}

export async function getApp(bed: ArgoBed, name: string): Promise<KubeObject> {
  const kind = await bed.admin.reader.kindFor('argoproj.io', 'Application');
  if (!kind) throw new Error('Applications are not served');
  return (await bed.admin.expect('GET', objectPath(kind, ARGO_NS, name), undefined, [200], `get app ${name}`))
    .body as KubeObject;
}

/** Wait until the Application satisfies `check`, asking for a refresh (what `argocd app get
 * --refresh` does) while waiting so that new commits are seen at once. */
export async function waitApp(
  bed: ArgoBed,
  name: string,
  check: (app: KubeObject) => boolean,
  what: string,
  timeoutMs = 120_000,
): Promise<KubeObject> {
  let last: KubeObject | undefined;
  let refreshed = 0;
  try {
    await until(
      async () => {
        last = await getApp(bed, name).catch(() => undefined);
        if (last && check(last)) return true;
        if (last && Date.now() - refreshed > 5_000) {
          refreshed = Date.now();
          await refresh(bed, last);
        }
        return false;
      },
      `Application ${name}: ${what}`,
      timeoutMs,
    );
  } catch (e) {
    const status = last?.status ?? {};
    const seen = JSON.stringify({
      sync: status.sync?.status,
      revision: status.sync?.revision,
      health: status.health?.status,
      operation: status.operationState?.phase,
      message: status.operationState?.message,
      conditions: status.conditions,
    });
    throw new Error(`${(e as Error).message}; last seen ${seen}`);
  }
  return last as KubeObject;
}

async function refresh(bed: ArgoBed, app: KubeObject): Promise<void> {
  if (app.metadata.annotations?.['argocd.argoproj.io/refresh']) return;
  await mergePatch(bed.admin, app, {
    metadata: { annotations: { 'argocd.argoproj.io/refresh': 'normal' } },
  }).catch(() => undefined);
}

/** What `argocd app sync <app> --revision <sha>` does: set `operation` on the Application, then
 * wait for the controller to finish it. */
export async function syncApp(bed: ArgoBed, name: string, revision: string): Promise<KubeObject> {
  const app = await getApp(bed, name);
  await mergePatch(bed.admin, app, {
    operation: {
      initiatedBy: { username: 'admin' },
      // The CLI (through argocd-server) copies the app's sync options into the operation.
      sync: { revision, syncOptions: app.spec?.syncPolicy?.syncOptions ?? [], syncStrategy: { hook: {} } },
    },
  });
  return waitApp(
    bed,
    name,
    (a) =>
      !a.operation &&
      a.status?.operationState?.syncResult?.revision === revision &&
      ['Succeeded', 'Failed', 'Error'].includes(a.status?.operationState?.phase),
    `sync to ${revision.slice(0, 7)} finished`,
  );
}

export function declare(bed: ArgoBed, obj: KubeObject): Promise<KubeObject> {
  return applyObject(bed.admin, obj);
}

export function setArgoSettings(bed: ArgoBed, settings: Record<string, string>): Promise<KubeObject> {
  return applyObject(bed.admin, argocdCm(ARGO_NS, settings));
}

/** A fixture repository created earlier in the suite. */
export function reopen(bed: ArgoBed, name: string): GitRepo {
  return new GitRepo(join(bed.gitRoot, name));
}

export function newRepo(bed: ArgoBed, name: string): Promise<GitRepo> {
  return GitRepo.create(bed.gitRoot, name);
}

/** The read-only user's reader on the Argo bed, the way cub-scout runs for real. */
export function readonly(bed: ArgoBed): Promise<ClusterReader> {
  return openLiveReader({ kubeconfig: bed.info.kubeconfig, context: bed.info.readonlyContext });
}

/** A trace with a fresh engine: the controller changes the cluster between traces. */
export async function trace(
  bed: ArgoBed,
  kind: string,
  name: string,
  namespace?: string,
): Promise<TraceResult> {
  const reader = await readonly(bed);
  try {
    return await new Engine(reader).trace(kind, name, namespace, { now: NOW });
  } finally {
    await reader.close?.();
  }
}

/** `Kind/name` of each link, origin first. */
export function chainOf(result: TraceResult): string[] {
  return result.chain.map((l) => `${l.kind}/${l.name}`);
}

export function configMap(name: string, data: Record<string, string>, extra: object = {}): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...extra }, data }, null, 2);
}
