// Argo CD: which Application applied an object (argo-tracking.ts), who generated or applied that
// Application in turn (ApplicationSet ownerReference, parent Application of an app of apps), and
// whether the Application still lists the object in status.resources. Links: argo-link.ts.
import type { ClusterIndex, KindRequest } from '../index/cluster-index.js';
import type { ChainLink, Evidence } from '../model/trace-result.js';
import type { KubeObject } from '../reader/types.js';
import { appRevisions, argoLink, isArgoObject } from './argo-link.js';
import {
  type AppKey,
  ARGO_CM_REQUEST,
  ARGO_GROUP,
  type ArgoSettings,
  appsListing,
  argoClaim,
  argoSettings,
  findApp,
  resourceEntry,
} from './argo-tracking.js';
import { label, missingLink } from './status.js';
import type { Delivery, DeliveryTracer } from './types.js';

export const ARGO_KINDS: KindRequest[] = [
  { group: ARGO_GROUP, kind: 'Application' },
  { group: ARGO_GROUP, kind: 'ApplicationSet' },
  ARGO_CM_REQUEST,
];

export const traceArgo: DeliveryTracer = (carrier, index) => {
  const settings = argoSettings(index);
  const { claim, foreign, evidence, warnings } = argoClaim(carrier, index, settings);
  if (!claim && foreign) {
    // Tracked by another Argo CD installation: managed, but not by an Application we can read.
    const link = missingLink(appRef(foreign, settings), 'deployer', 'argo', false);
    link.namespace = foreign.namespace;
    link.status = 'Unknown (cannot read)';
    link.reason = 'OtherInstallation';
    link.message = `tracked by Argo CD installation ${foreign.installation}, not the one in this cluster's argocd-cm`;
    return delivery([link], evidence, warnings);
  }
  const walk = new ArgoWalk(index, settings);
  walk.visited.add(keyOf(carrier));

  if (!claim) {
    // An Argo object nobody applied (a root Application, a generated one): its chain is what
    // generated it. Anything else without a trusted mark is not Argo's.
    if (!isArgoObject(carrier)) return undefined;
    const result = delivery(
      walk.above(carrier),
      [...evidence, ...walk.evidence],
      [...warnings, ...walk.warnings],
    );
    if (carrier.kind === 'Application') Object.assign(result, appRevisions(carrier));
    return result;
  }

  const app = findApp(claim.key, index, settings);
  if (!app) {
    const readable = index.readable(ARGO_GROUP, 'Application');
    const ref = appRef(claim.key, settings);
    const result = delivery([missingLink(ref, 'deployer', 'argo', readable)], evidence, warnings);
    if (readable) {
      // The mark names an Application that is gone: managed once, orphaned now.
      result.managed = 'orphaned';
      result.listed = false;
      evidence.push({
        kind: 'application',
        key: appName(ref),
        value: 'not found',
        note: 'the Application named by the tracking mark does not exist',
      });
    } else
      warnings.push(`cannot tell whether Application ${appName(ref)} exists: Applications could not be read`);
    return result;
  }

  const chain = [...walk.above(app), argoLink(app, 'deployer')];
  const result = delivery(chain, [...evidence, ...walk.evidence], [...warnings, ...walk.warnings]);
  Object.assign(
    result,
    appRevisions(isArgoObject(carrier) && carrier.kind === 'Application' ? carrier : app),
  );
  if (label(carrier, 'app.kubernetes.io/managed-by') === 'Helm')
    result.evidence.push({
      kind: 'label',
      key: 'app.kubernetes.io/managed-by',
      value: 'Helm',
      note: 'rendered from a Helm chart by Argo CD (helm template): no Helm release',
    });

  const where = `Application ${app.metadata.namespace}/${app.metadata.name}`;
  result.warnings.push(...sharedWith(carrier, app, index));
  const entry = resourceEntry(app, carrier);
  if (entry) {
    result.listed = true;
    result.evidence.push({
      kind: 'status.resources',
      key: where,
      value: [entry.status, entry.health?.status].filter(Boolean).join('/') || 'listed',
    });
    const details: Record<string, string> = {};
    if (entry.status) details.sync = entry.status;
    if (entry.health?.status) details.argoHealth = entry.health.status;
    result.carrier = { details };
    if (entry.health?.status)
      result.carrier.health = { status: entry.health.status, message: entry.health.message };
    if (entry.requiresPruning) {
      // Argo CD keeps listing an object removed from Git (OutOfSync, requiresPruning) as long as
      // it carries the app's mark: nothing in Git describes it any more, so nothing updates it.
      details.requiresPruning = 'true';
      result.managed = 'orphaned';
      result.orphanReason = `it is no longer in Git: ${where} lists it as requiresPruning and keeps it only until a sync with pruning deletes it`;
      result.evidence.push({
        kind: 'status.resources',
        key: where,
        value: 'requiresPruning',
        note: 'no longer in Git; kept because pruning is off',
      });
    }
  } else if (entry === null) {
    if (app.status?.conditions?.some((c: { type: string }) => c.type === 'ComparisonError')) {
      // A failed comparison leaves status.resources stale: no verdict from it.
      result.warnings.push(
        `${where} has a ComparisonError: whether it still lists ${carrier.kind}/${carrier.metadata.name} is unknown`,
      );
    } else {
      result.listed = false;
      result.managed = 'orphaned';
      result.evidence.push({
        kind: 'status.resources',
        key: where,
        value: 'not listed',
        note: `the Application no longer lists ${carrier.kind}/${carrier.metadata.name} (removed from Git with pruning off)`,
      });
    }
  }
  return result;
};

/** Other Applications that also list the object: two apps apply it, each sync overwrites the
 * other's mark, and the one the mark names is only the last to sync. */
function sharedWith(obj: KubeObject, owner: KubeObject, index: ClusterIndex): string[] {
  const self = `${obj.kind}/${obj.metadata.name}`;
  return appsListing(obj, index)
    .filter((other) => other !== owner)
    .map((other) => {
      const shared = (other.status?.conditions ?? []).find(
        (c: { type?: string; message?: string }) => c.type === 'SharedResourceWarning',
      );
      const said = shared?.message ? ` (SharedResourceWarning: ${shared.message})` : '';
      return `Application ${other.metadata.namespace}/${other.metadata.name} also applies ${self}${said}; its tracking mark names the app that synced it last`;
    });
}

function delivery(chain: ChainLink[], evidence: Evidence[], warnings: string[]): Delivery {
  return {
    tool: 'argo',
    chain,
    managed: 'managed',
    evidence,
    warnings,
    running: null,
    expected: null,
    listed: null,
  };
}

function appRef(key: AppKey, settings: ArgoSettings) {
  const namespace = key.namespace ?? settings.namespace;
  return {
    apiVersion: `${ARGO_GROUP}/v1alpha1`,
    kind: 'Application',
    name: key.name,
    ...(namespace ? { namespace } : {}),
  };
}

function appName(ref: { name: string; namespace?: string }): string {
  return ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
}

function keyOf(obj: KubeObject): string {
  return `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

/** One walk up the Argo graph: ApplicationSet (controller ownerReference) or parent Application
 * (app of apps, by its tracking mark), recursively, cycle-safe. */
class ArgoWalk {
  readonly visited = new Set<string>();
  readonly warnings: string[] = [];
  readonly evidence: Evidence[] = [];

  constructor(
    private readonly index: ClusterIndex,
    private readonly settings: ArgoSettings,
  ) {}

  /** The links above an Argo object, root first (not including the object). */
  above(obj: KubeObject): ChainLink[] {
    // Callers only recurse into objects not visited yet, so cycles end here.
    this.visited.add(keyOf(obj));

    const owner = (obj.metadata.ownerReferences ?? []).find(
      (r) => r.kind === 'ApplicationSet' && r.controller !== false,
    );
    if (owner) {
      const appset =
        (owner.uid ? this.index.byUid(owner.uid) : undefined) ??
        this.index.get(ARGO_GROUP, 'ApplicationSet', obj.metadata.namespace, owner.name);
      if (!appset) {
        const readable = this.index.readable(ARGO_GROUP, 'ApplicationSet');
        return [
          missingLink(
            {
              apiVersion: owner.apiVersion,
              kind: 'ApplicationSet',
              name: owner.name,
              namespace: obj.metadata.namespace,
            },
            'generator',
            'argo',
            readable,
          ),
        ];
      }
      this.evidence.push({
        kind: 'ownerReference',
        key: `${obj.kind}/${obj.metadata.name}`,
        value: `ApplicationSet/${appset.metadata.name}`,
      });
      if (this.visited.has(keyOf(appset))) return [];
      return [...this.above(appset), argoLink(appset, 'generator')];
    }

    const { claim, warnings } = argoClaim(obj, this.index, this.settings);
    this.warnings.push(...warnings);
    if (!claim) return [];
    const parent = findApp(claim.key, this.index, this.settings);
    if (!parent) {
      const readable = this.index.readable(ARGO_GROUP, 'Application');
      return [missingLink(appRef(claim.key, this.settings), 'applier', 'argo', readable)];
    }
    if (this.visited.has(keyOf(parent))) return [];
    this.evidence.push({
      kind: claim.via,
      key: `${obj.kind}/${obj.metadata.name}`,
      value: `applied by Application ${parent.metadata.namespace}/${parent.metadata.name}`,
    });
    return [...this.above(parent), argoLink(parent, 'applier')];
  }
}

/** Argo CD marks on an object no Argo Application claims (a copied tracking-id, another
 * installation's id, a bare instance label): evidence and warnings for whoever does claim it. */
export function ignoredArgoMarks(
  obj: KubeObject,
  index: ClusterIndex,
): { evidence: Evidence[]; warnings: string[] } {
  const { evidence, warnings } = argoClaim(obj, index, argoSettings(index));
  return { evidence, warnings };
}
