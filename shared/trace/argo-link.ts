// Chain links for Argo CD objects: an Application's sync status, health, last operation and
// conditions, and what it runs versus what Git wants; an ApplicationSet's conditions.
import type { ChainLink, LinkRole } from '../model/trace-result.js';
import type { KubeObject } from '../reader/types.js';
import { shortRevision } from './flux-revisions.js';
import { baseLink, condition, conditions } from './status.js';

const ERROR_CONDITIONS = ['ComparisonError', 'SyncError', 'InvalidSpecError', 'UnknownError'];

/** The first source of an Application (multi-source apps: the first of spec.sources). */
// biome-ignore lint/suspicious/noExplicitAny: Application specs are untyped
export function appSource(app: KubeObject): any {
  return app.spec?.source ?? app.spec?.sources?.[0];
}

/**
 * What an Application runs and what it should run.
 * - running: the sync revision when the app is Synced (the live state equals Git at that commit,
 *   even when the commit came after the last sync: in a repository shared by several apps, a
 *   commit outside this app's path moves sync.revision and adds no history entry); otherwise the
 *   newest status.history entry (history only records successful syncs).
 * - expected: status.sync.revision, the commit (or chart version) targetRevision resolved to at the
 *   last comparison, falling back on operationState.syncResult.revision (what the last sync
 *   attempted). Never targetRevision itself: `main` or `HEAD` cannot be compared with a commit.
 * A failed sync or a manual-sync app behind Git then shows as stale: running old, expected new.
 */
export function appRevisions(app: KubeObject): { running: string | null; expected: string | null } {
  const s = app.status ?? {};
  const history = Array.isArray(s.history) ? s.history : [];
  // History is appended in sync order; ids grow with it, so the highest id is the newest.
  const newest = history.reduce(
    (a: { id?: number } | undefined, b: { id?: number }) => (a && Number(a.id) > Number(b.id) ? a : b),
    undefined,
  );
  const str = (v: unknown) => (v === undefined || v === null || v === '' ? null : String(v));
  const synced = str(s.sync?.revision) ?? str(s.sync?.revisions?.[0]);
  const lastSynced = str(newest?.revision) ?? str(newest?.revisions?.[0]);
  const running = s.sync?.status === 'Synced' ? (synced ?? lastSynced) : lastSynced;
  const expected = synced ?? str(s.operationState?.syncResult?.revision);
  return { running, expected };
}

export function isArgoObject(obj: KubeObject): boolean {
  return obj.apiVersion.startsWith('argoproj.io/');
}

export function argoLink(obj: KubeObject, role: LinkRole): ChainLink {
  if (obj.kind === 'Application') return applicationLink(obj, role);
  const link = baseLink(obj, role, 'argo');
  if (obj.kind === 'ApplicationSet') {
    const error = condition(obj, 'ErrorOccurred');
    const upToDate = condition(obj, 'ResourcesUpToDate');
    if (error?.status === 'True') {
      link.ready = false;
      link.status = 'Error';
      link.reason = error.reason ?? 'ErrorOccurred';
      link.message = error.message ?? null;
      link.lastTransitionTime = error.lastTransitionTime ?? null;
    } else if (upToDate?.status === 'True') {
      link.ready = true;
      link.status = 'Up to date';
      link.lastTransitionTime = upToDate.lastTransitionTime ?? null;
    } else link.status = 'Unknown';
    const generators = (Array.isArray(obj.spec?.generators) ? obj.spec.generators : []).flatMap(
      (g: unknown) => (g && typeof g === 'object' ? Object.keys(g) : []),
    );
    if (generators.length) link.details = { generators: generators.join(', ') };
  }
  return link;
}

function applicationLink(app: KubeObject, role: LinkRole): ChainLink {
  const link = baseLink(app, role, 'argo');
  const s = app.status ?? {};
  const source = appSource(app);
  const sync: string = s.sync?.status ?? 'Unknown';
  const health: string = s.health?.status ?? 'Unknown';
  const op = s.operationState;
  const { running, expected } = appRevisions(app);

  link.url = source?.repoURL ?? null;
  link.path = source?.path ?? source?.chart ?? null;
  link.revision = running ?? expected;
  link.status = `${sync}/${health}`;
  link.lastTransitionTime = op?.finishedAt ?? s.reconciledAt ?? null;

  const problem = appProblem(app, sync, health);
  if (problem) {
    link.ready = problem.ready;
    link.reason = problem.reason;
    link.message = problem.message;
    if (problem.status) link.status = problem.status;
  } else if (sync === 'Synced' && health === 'Healthy') link.ready = true;

  const details: Record<string, string> = {};
  const put = (key: string, value: unknown) => {
    if (value !== undefined && value !== null && value !== '') details[key] = String(value);
  };
  put('project', app.spec?.project);
  put('targetRevision', source?.targetRevision ?? 'HEAD');
  if (source?.chart) put('chart', source.chart);
  put('sync', sync);
  put('syncRevision', expected);
  put('health', health);
  put('healthMessage', s.health?.message);
  put('operation', op?.phase);
  put('operationMessage', op?.phase && op.phase !== 'Succeeded' ? op.message : undefined);
  put('attemptedRevision', op?.syncResult?.revision);
  const dest = app.spec?.destination;
  put(
    'destination',
    dest ? `${dest.server ?? dest.name ?? ''}${dest.namespace ? ` ns ${dest.namespace}` : ''}` : undefined,
  );
  put('autoSync', app.spec?.syncPolicy?.automated ? 'on' : 'off');
  put('reconciledAt', s.reconciledAt);
  if (Array.isArray(app.spec?.sources)) put('sources', app.spec.sources.length);
  if (Object.keys(details).length) link.details = details;
  return link;
}

interface Problem {
  ready: boolean | null;
  reason: string;
  message: string | null;
  status?: string;
}

/** Worst first: a failed sync, an error condition, bad health, drift from Git, a sync in progress. */
function appProblem(app: KubeObject, sync: string, health: string): Problem | undefined {
  const s = app.status ?? {};
  const op = s.operationState;
  if (op?.phase === 'Failed' || op?.phase === 'Error') {
    return {
      ready: false,
      reason: `Sync${op.phase}`,
      message: op.message ?? null,
      status: `Sync ${op.phase.toLowerCase()}`,
    };
  }
  const error = conditions(app).find((c) => ERROR_CONDITIONS.includes(c.type));
  if (error) return { ready: false, reason: error.type, message: error.message ?? null, status: error.type };
  if (health === 'Degraded' || health === 'Missing') {
    return {
      ready: false,
      reason: health,
      message: s.health?.message ?? `one or more resources are ${health.toLowerCase()}`,
    };
  }
  if (op?.phase === 'Running' || op?.phase === 'Terminating') {
    return {
      ready: null,
      reason: 'Syncing',
      message: op.message ?? null,
      status: `Syncing (${sync}/${health})`,
    };
  }
  if (sync === 'OutOfSync') {
    // For "why isn't my change deployed" an OutOfSync app is where the chain breaks, healthy or not.
    const target = appSource(app)?.targetRevision ?? 'HEAD';
    const at = s.sync?.revision ? ` (${shortRevision(String(s.sync.revision))})` : '';
    const auto = app.spec?.syncPolicy?.automated ? '' : '; auto-sync is off';
    return {
      ready: false,
      reason: 'OutOfSync',
      message: `live state differs from Git at ${target}${at}${auto}`,
    };
  }
  return undefined;
}
