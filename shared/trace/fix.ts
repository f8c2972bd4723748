// The commands a user would run next for a broken or stale chain: look closer at the link that
// breaks, then retry it, with the delivery system's own CLI (flux, argocd, helm, kubectl). They
// are text to copy, never run by cub-scout. Every value taken from the cluster is shell-quoted:
// a name like `repo$(curl …|sh)` must stay one literal word.
import type { ChainLink, Diagnosis } from '../model/trace-result.js';
import { shellQuote } from '../render/shell-quote.js';

const FLUX_SOURCES: Record<string, string> = {
  GitRepository: 'source git',
  OCIRepository: 'source oci',
  Bucket: 'source bucket',
  HelmRepository: 'source helm',
  HelmChart: 'source chart',
};

const FLUX_DEPLOYERS: Record<string, string> = {
  Kustomization: 'kustomization',
  HelmRelease: 'helmrelease',
};

/** Commands for the link that breaks the chain, or for the deployer of a stale object. */
export function fixCommands(chain: ChainLink[], diagnosis: Omit<Diagnosis, 'fix'>): string[] {
  const broken = diagnosis.brokenAt === null ? undefined : chain[diagnosis.brokenAt];
  if (broken) return commandsFor(broken);
  if (diagnosis.stale) {
    const deployer = [...chain].reverse().find((l) => l.role === 'deployer' || l.role === 'release');
    if (deployer) return commandsFor(deployer);
  }
  return [];
}

function commandsFor(link: ChainLink): string[] {
  const name = shellQuote(link.name);
  const ns = link.namespace ? ` -n ${shellQuote(link.namespace)}` : '';
  const fluxType = FLUX_SOURCES[link.kind] ?? FLUX_DEPLOYERS[link.kind];
  const kubectlKind = shellQuote(`${link.kind.toLowerCase()}${group(link.apiVersion)}`);
  const describe = `kubectl describe ${kubectlKind} ${name}${ns}`;
  if (link.missing) return [`kubectl get ${kubectlKind} ${name}${ns}`];
  if (link.tool === 'flux' && fluxType) {
    const look = `flux events --for ${shellQuote(`${link.kind}/${link.name}`)}${ns}`;
    if (link.suspended) return [look, `flux resume ${fluxType} ${name}${ns}`];
    const withSource = FLUX_DEPLOYERS[link.kind] ? ' --with-source' : '';
    return [look, `flux reconcile ${fluxType} ${name}${ns}${withSource}`];
  }
  if (link.kind === 'Application' && link.tool === 'argo') {
    // argocd names an Application outside its control-plane namespace as namespace/name.
    const app = shellQuote(
      link.namespace && link.namespace !== 'argocd' ? `${link.namespace}/${link.name}` : link.name,
    );
    return [`argocd app get ${app} --refresh`, `argocd app sync ${app}`];
  }
  if (link.role === 'release' && link.tool === 'helm')
    return [`helm status ${name}${ns}`, `helm history ${name}${ns}`];
  return [describe];
}

/** `.apps` for apps/v1; nothing for the core group (v1). */
function group(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : `.${apiVersion.slice(0, slash)}`;
}
