// `argocd app get <app> -o json` into our model. It prints the Application object as Argo CD's API
// serves it (without kind and apiVersion): spec.source(s), status.sync, status.health, status.operationState, status.conditions,
// status.history and status.resources (the app's own resources with their sync status; through
// argocd-server, health filled in from the resource tree). It tells the sync and health of the
// app, not the chain above it (ApplicationSet, parent app) nor the owners below it (ReplicaSet,
// Pod). Nothing here throws: any text gives a result or a one-line reason.
import type { ChainLink, ResourceRef } from '../model/trace-result.js';
import type { KubeObject } from '../reader/types.js';
import { appRevisions } from '../trace/argo-link.js';
import type { Parsed } from './flux-trace-parse.js';
import { refLink, theirResult } from './their-result.js';

const APP_API = 'argoproj.io/v1alpha1';
const FAILED_PHASES = ['Failed', 'Error'];
const BAD_HEALTH = ['Degraded', 'Missing', 'Unknown'];

type Json = Record<string, unknown>;

function obj(v: unknown): Json {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function list(v: unknown): Json[] {
  return Array.isArray(v) ? v.map(obj) : [];
}

/** Read what argocd printed about the Application `app` (namespace/name) that manages `object`. */
export function parseArgocdApp(stdout: string, object: ResourceRef, now: Date = new Date()): Parsed {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return { warning: 'argocd printed no JSON' };
  }
  const app = obj(parsed);
  const metadata = obj(app.metadata);
  const name = str(metadata.name);
  // argocd prints the object without kind and apiVersion: an Application is what has a name and a spec.
  const isApp = app.kind === undefined || app.kind === 'Application';
  if (!isApp || !name || !app.spec || typeof app.spec !== 'object')
    return { warning: 'argocd printed JSON that is not an Application' };
  const spec = obj(app.spec);
  const status = obj(app.status);
  const sync = str(obj(status.sync).status) ?? 'Unknown';
  const health = str(obj(status.health).status) ?? 'Unknown';
  const op = obj(status.operationState);
  const phase = str(op.phase);
  const source = obj(spec.source ?? list(spec.sources)[0]);
  const errorCondition = list(status.conditions).find((c) => /Error$/.test(String(c.type)));
  const failed = phase !== null && FAILED_PHASES.includes(phase);
  const ready =
    sync === 'Synced' && health === 'Healthy' && !failed
      ? true
      : sync === 'OutOfSync' || failed || BAD_HEALTH.includes(health) || errorCondition
        ? false
        : null;
  const revisions = appRevisions({
    apiVersion: APP_API,
    kind: 'Application',
    metadata: { name },
    status: {
      sync: { status: sync, revision: str(obj(status.sync).revision) },
      history: list(status.history),
      operationState: { syncResult: { revision: str(obj(op.syncResult).revision) } },
    },
  } as KubeObject);
  const appLink: ChainLink = {
    kind: 'Application',
    name,
    apiVersion: APP_API,
    role: 'deployer',
    ready,
    status: `${sync}/${health}`,
    reason: failed ? `Sync${phase}` : errorCondition ? str(errorCondition.type) : null,
    message: failed
      ? str(op.message)
      : (str(errorCondition?.message) ?? str(obj(status.health).message) ?? null),
    revision: str(obj(status.sync).revision),
    path: str(source.path) ?? str(source.chart),
    url: str(source.repoURL),
    suspended: false,
    tool: 'argo',
    details: { sync, health, ...(phase ? { operation: phase } : {}) },
  };
  const appNs = str(metadata.namespace);
  if (appNs) appLink.namespace = appNs;
  const listed = list(status.resources).find(
    (r) =>
      r.kind === object.kind &&
      r.name === object.name &&
      (str(r.namespace) ?? undefined) === object.namespace &&
      (str(r.group) ?? '') === groupOf(object.apiVersion),
  );
  const self = objectLink(object, listed);
  const chain = object.kind === 'Application' && object.name === name ? [appLink] : [appLink, self];
  const managed = listed !== undefined || chain.length === 1;
  const summary = `argocd app get ${name}: ${sync}/${health}${phase ? `, last operation ${phase}` : ''}${
    managed ? '' : `; ${object.kind} ${object.name} is not among its resources`
  }`;
  const theirs = theirResult(object, chain, { tool: 'argo', managed, ...revisions, summary }, now);
  return { theirs };
}

function objectLink(object: ResourceRef, listed: Json | undefined): ChainLink {
  const sync = listed ? str(listed.status) : null;
  const health = listed ? str(obj(listed.health).status) : null;
  const link = refLink(object, 'object', 'argo');
  link.ready = !listed
    ? null
    : sync === 'Synced'
      ? health === null || health === 'Healthy'
      : sync
        ? false
        : null;
  link.status = listed ? [sync, health].filter(Boolean).join('/') || null : 'not listed by the Application';
  link.message = listed ? str(obj(listed.health).message) : null;
  const details: Record<string, string> = {};
  if (sync) details.sync = sync;
  if (health) details.health = health;
  if (listed?.requiresPruning === true) details.requiresPruning = 'true';
  if (Object.keys(details).length) link.details = details;
  return link;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
