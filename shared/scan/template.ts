// Remediation commands in rule files name the object with placeholders, filled in per finding:
// `flux reconcile {flux_kind} {name} -n {namespace} --with-source` ->
// `flux reconcile kustomization apps -n flux-system --with-source`.
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

export function fillTemplate(template: string, vars: TemplateVariables): string {
  return template.replace(
    /\{(\w+)\}/g,
    (whole, name: string) => vars[name as keyof TemplateVariables] ?? whole,
  );
}
