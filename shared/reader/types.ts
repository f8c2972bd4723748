// The one interface through which the engine reads cluster state. Two backends implement it: a
// snapshot of YAML/JSON files and a live cluster. Nothing above this interface may know which one
// it has, so both must return the same objects for the same cluster.

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  time?: string;
  apiVersion?: string;
  subresource?: string;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  managedFields?: ManagedFieldsEntry[];
}

/** A Kubernetes object as the API server returns it. spec/status stay untyped: each delivery
 * module reads the fields it knows, defensively. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  // biome-ignore lint/suspicious/noExplicitAny: arbitrary resource bodies
  spec?: any;
  // biome-ignore lint/suspicious/noExplicitAny: arbitrary resource bodies
  status?: any;
  [field: string]: unknown;
}

/** A resolved kind, as discovery (or the built-in table) describes it. */
export interface KindInfo {
  group: string; // '' for the core group
  version: string; // preferred version
  kind: string; // CamelCase: Deployment
  plural: string; // deployments
  singular: string; // deployment
  shortNames: string[];
  namespaced: boolean;
}

export interface ListOptions {
  namespace?: string;
  /** Kubernetes label selector syntax: `a=b,c!=d,e,!f,g in (x,y)`. */
  labelSelector?: string;
  /** Only metadata is needed (labels, annotations, ownerReferences): the live reader asks for
   * PartialObjectMetadataList. Snapshots return the whole object. */
  metadataOnly?: boolean;
  /** Kubernetes field selector: `involvedObject.name=x,involvedObject.kind=Y` (equality only; the
   * snapshot reader evaluates the same dotted paths). */
  fieldSelector?: string;
}

/** What a container's log read asks for (kubectl logs: --tail, --limit-bytes, --previous, -c). */
export interface LogOptions {
  container: string;
  previous?: boolean;
  /** Last lines to return (the API server's tailLines). */
  tailLines: number;
  /** Most bytes to return (the API server's limitBytes). */
  limitBytes: number;
}

export interface KindForOptions {
  /** An object names this kind (an owner, a source): a kind missing from cached discovery is worth
   * asking the server about again. Kinds listed on speculation (is Argo CD installed?) are not. */
  named?: boolean;
}

export interface ClusterReader {
  /** Human description of where the state comes from: `context testbed-admin` or `snapshot demo/`. */
  readonly source: string;
  /** Resolve what a user typed, the way kubectl does: deploy, deployments, deployments.apps, Deployment, ks. */
  resolveKind(input: string): Promise<KindInfo>;
  /** Resolve a kind named by apiVersion + kind (ownerReferences, sourceRefs); undefined if not served. */
  kindFor(group: string, kind: string, options?: KindForOptions): Promise<KindInfo | undefined>;
  /** Discovery kept from an earlier run may predate a CRD: read it again (once per reader). True
   * when it was read again. */
  refreshKinds?(): Promise<boolean>;
  /** Undefined when the object does not exist. Throws CubScoutError on forbidden/unreachable. */
  get(kind: KindInfo, name: string, namespace?: string): Promise<KubeObject | undefined>;
  /** All objects of a kind (in a namespace when given). Throws CubScoutError('forbidden'|'not-served'|...). */
  list(kind: KindInfo, options?: ListOptions): Promise<KubeObject[]>;
  /** Read one object whole, Secret and ConfigMap data included, and hand it to `use`, which
   * returns the little a drill-down needs (a Helm release's manifest, a Secret's key names); the
   * reader keeps nothing of it. Undefined when the object does not exist. Readers that only hold
   * reduced objects do not have it. */
  readWhole?<T>(
    kind: KindInfo,
    name: string,
    namespace: string | undefined,
    use: (obj: KubeObject) => T,
  ): Promise<T | undefined>;
  /** A container's log (the pods/log subresource), as text; absent where there are no logs (a
   * snapshot). Throws CubScoutError with the server's message when the container has none. */
  logs?(namespace: string, pod: string, options: LogOptions): Promise<string>;
  /** Release connections, timers. */
  close?(): Promise<void> | void;
  /** What the reader skipped while opening (a snapshot's unreadable files and objects). */
  readonly warnings?: readonly string[];
}

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function apiVersionOf(kind: Pick<KindInfo, 'group' | 'version'>): string {
  return kind.group ? `${kind.group}/${kind.version}` : kind.version;
}

/** `group/Kind` key used by indexes; the core group is empty: `/ConfigMap`. */
export function groupKindKey(group: string, kind: string): string {
  return `${group}/${kind}`;
}

export function objectKey(obj: KubeObject): string {
  return `${groupOf(obj.apiVersion)}/${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}
