// Remediation commands in rule files name the object with placeholders, filled in per finding:
// `flux reconcile {flux_kind} {name} -n {namespace} --with-source` ->
// `flux reconcile kustomization apps -n flux-system --with-source`.
// Values come from the cluster: in commands each one is quoted as one shell word, since users paste
// them (a name `repo$(curl …|sh)` must not run anything).
import { shellQuote } from '../render/shell-quote.js';

export const TEMPLATE_VARIABLES = [
  'kind',
  'kind_lower',
  'name',
  'namespace',
  'flux_kind',
  'app',
  'release',
] as const;
export type TemplateVariables = Partial<Record<(typeof TEMPLATE_VARIABLES)[number], string>>;

/** What `flux reconcile` / `flux suspend|resume` call each kind. */
const FLUX_CLI_KIND: Record<string, string> = {
  Kustomization: 'kustomization',
  HelmRelease: 'helmrelease',
  GitRepository: 'source git',
  OCIRepository: 'source oci',
  Bucket: 'source bucket',
  HelmRepository: 'source helm',
  HelmChart: 'source chart',
  ResourceSet: 'resourceset',
  FluxInstance: 'instance',
};

export function variablesFor(ref: {
  kind: string;
  name: string;
  namespace?: string | undefined;
}): TemplateVariables {
  return {
    kind: ref.kind,
    kind_lower: ref.kind.toLowerCase(),
    name: ref.name,
    namespace: ref.namespace ?? 'default',
    flux_kind: FLUX_CLI_KIND[ref.kind] ?? ref.kind.toLowerCase(),
    app: ref.name,
    release: ref.name,
  };
}

/** Prose (remediation steps): values as they are. */
export function fillTemplate(template: string, vars: TemplateVariables): string {
  return fill(template, vars, (value) => value);
}

/** A shell command: every value one quoted word, except the fixed `flux` sub-commands of
 * {flux_kind} (`source git` is two words on purpose). */
export function fillCommand(template: string, vars: TemplateVariables): string {
  return fill(template, vars, (value, name) =>
    name === 'flux_kind' && FLUX_CLI_WORDS.has(value) ? value : shellQuote(value),
  );
}

const FLUX_CLI_WORDS = new Set(Object.values(FLUX_CLI_KIND));

function fill(
  template: string,
  vars: TemplateVariables,
  format: (value: string, name: string) => string,
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value: unknown = vars[name as keyof TemplateVariables];
    if (value === undefined) return whole;
    // Values come from cluster fields a hostile object may fill with a number or an object.
    return format(typeof value === 'string' ? value : JSON.stringify(value), name);
  });
}
