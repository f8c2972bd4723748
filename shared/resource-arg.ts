// What users type to name an object: `deployment/nginx`, `deployment nginx`, `deploy/nginx`.
import { badInput } from './errors/index.js';
import { safeText } from './render/safe-text.js';

export interface ResourceArg {
  kind: string;
  name: string;
}

/** What the API server refuses as an object name or namespace (a path segment `..` names another
 * path: `cm/..` would request the namespace itself). Checked before any request is built. */
export function checkObjectName(value: string, what: 'name' | 'namespace' = 'name'): string {
  if (value === '.' || value === '..') throw badInput(`invalid ${what} "${value}": may not be "." or ".."`);
  if (/[/%]/.test(value)) throw badInput(`invalid ${what} "${safeText(value)}": may not contain "/" or "%"`);
  return value;
}

export function parseResourceArg(first: string, second?: string): ResourceArg {
  const slash = first.indexOf('/');
  if (slash >= 0) {
    if (second) throw badInput(`give either <kind>/<name> or <kind> <name>, not "${first} ${second}"`);
    const kind = first.slice(0, slash);
    const name = first.slice(slash + 1);
    if (!kind || !name || name.includes('/')) throw badInput(`"${first}" is not <kind>/<name>`);
    return { kind, name };
  }
  if (!second)
    throw badInput(`"${first}" names no object: use <kind>/<name> (deployment/nginx) or <kind> <name>`);
  return { kind: first, name: second };
}

/** The exact kind argument for an object known by apiVersion and kind, as kubectl takes it:
 * `deployment.apps`, `kustomization.kustomize.toolkit.fluxcd.io`, `configmap` for the core group. */
export function kindArgOf(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  return group ? `${kind.toLowerCase()}.${group}` : kind.toLowerCase();
}
