// Kubeconfig handling the way kubectl does it: --kubeconfig, else every file in KUBECONFIG merged
// (first file wins on duplicate names and on current-context), else ~/.kube/config; --context, else
// the current context. Parsing and credentials (tokens, client certs, impersonation) are
// @kubernetes/client-node's, except exec credential plugins, which exec-credential.ts runs with a
// time limit; this module chooses files and contexts and turns failures into one-line CubScoutErrors.
import { dirname } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { CubScoutError, oneLine } from '../errors/index.js';
import { type ExecConfig, ExecCredentialAuth, execTimeoutMs } from './exec-credential.js';
import { type KubeconfigOptions, kubeconfigFiles, readKubeconfigFile } from './kubeconfig-files.js';

export { type KubeconfigOptions, kubeconfigFiles, NO_KUBECONFIG_MESSAGE } from './kubeconfig-files.js';

function loadFile(file: string): KubeConfig {
  const { text, parsed } = readKubeconfigFile(file);
  const kc = new KubeConfig();
  if (parsed === undefined) {
    // An empty file is an empty kubeconfig, as kubectl reads it: it adds nothing to the merge.
    kc.loadFromOptions({ clusters: [], users: [], contexts: [], currentContext: '' });
    return kc;
  }
  try {
    kc.loadFromString(text, { onInvalidEntry: 'throw' });
  } catch (e) {
    throw new CubScoutError('unreadable', `kubeconfig ${file}: ${oneLine(e)}`);
  }
  // Relative certificate paths are relative to the file that names them (kubectl does the same).
  kc.makePathsAbsolute(dirname(file));
  return kc;
}

/** Merge like kubectl: the first file that defines a name wins, and the first current-context set wins.
 * Exec credential plugins are taken from the client and run by ExecCredentialAuth, with a time limit. */
export function mergeKubeconfigs(
  configs: KubeConfig[],
  options: Pick<KubeconfigOptions, 'execTimeoutMs'> = {},
): KubeConfig {
  const merged = new KubeConfig();
  merged.loadFromOptions({ clusters: [], users: [], contexts: [], currentContext: '' });
  const execs = new Map<string, ExecConfig>();
  for (const kc of configs) {
    for (const cluster of kc.getClusters()) if (!merged.getCluster(cluster.name)) merged.addCluster(cluster);
    for (const user of kc.getUsers()) {
      if (merged.getUser(user.name)) continue;
      if (user.exec?.command) execs.set(user.name, user.exec as ExecConfig);
      merged.addUser(user.exec ? { ...user, exec: undefined } : user);
    }
    for (const context of kc.getContexts())
      if (!merged.getContextObject(context.name)) merged.addContext(context);
    if (!merged.getCurrentContext() && kc.getCurrentContext())
      merged.setCurrentContext(kc.getCurrentContext());
  }
  if (execs.size > 0)
    merged.addAuthenticator(new ExecCredentialAuth(execs, execTimeoutMs(options.execTimeoutMs)));
  execConfigs.set(merged, execs);
  return merged;
}

/** The exec plugins of merged kubeconfigs by user name: the client no longer sees them (see above),
 * but the desktop checks that their commands resolve. */
const execConfigs = new WeakMap<KubeConfig, ReadonlyMap<string, ExecConfig>>();

/** The exec credential plugin a user of a merged kubeconfig runs, if any. */
export function execConfigOf(config: KubeConfig, user: string): ExecConfig | undefined {
  return execConfigs.get(config)?.get(user);
}

/** All kubeconfig files merged, without choosing a context. */
export function loadKubeconfigFiles(options: KubeconfigOptions = {}): KubeConfig {
  return mergeKubeconfigs(kubeconfigFiles(options).map(loadFile), options);
}

export interface ResolvedKubeconfig {
  config: KubeConfig;
  context: string;
  cluster: string;
  server: string;
  user: string;
  namespace?: string;
}

/** Load the kubeconfig and select the context to use. */
export function loadKubeconfig(options: KubeconfigOptions = {}): ResolvedKubeconfig {
  const files = kubeconfigFiles(options);
  const config = mergeKubeconfigs(files.map(loadFile), options);
  const known = config.getContexts().map((c) => c.name);
  if (known.length === 0) {
    throw new CubScoutError(
      'no-cluster',
      `kubeconfig ${files.join(', ')} defines no contexts; try the built-in demo: add --demo, or run \`cub-scout demo\``,
    );
  }
  const name = options.context ?? config.getCurrentContext();
  if (!name) {
    throw new CubScoutError(
      'bad-input',
      `the kubeconfig has no current context; choose one with --context (known: ${known.join(', ') || 'none'})`,
    );
  }
  const context = config.getContextObject(name);
  if (!context) {
    throw new CubScoutError(
      'bad-input',
      `context "${name}" not found in kubeconfig; known: ${known.join(', ') || 'none'}`,
    );
  }
  const cluster = config.getCluster(context.cluster);
  if (!cluster?.server) {
    throw new CubScoutError(
      'unreadable',
      `context "${name}" refers to cluster "${context.cluster}", which the kubeconfig does not define`,
    );
  }
  config.setCurrentContext(name);
  const resolved: ResolvedKubeconfig = {
    config,
    context: name,
    cluster: context.cluster,
    server: cluster.server,
    user: context.user,
  };
  if (context.namespace) resolved.namespace = context.namespace;
  return resolved;
}

export interface ContextInfo {
  name: string;
  cluster: string;
  /** The API server URL, or '' when the context names a cluster the kubeconfig lacks. */
  server: string;
  user: string;
  namespace: string;
  current: boolean;
}

/** Every context of the kubeconfig, with its server and default namespace (`cub-scout contexts`). */
export function listContexts(options: Pick<KubeconfigOptions, 'kubeconfig'> = {}): ContextInfo[] {
  const config = loadKubeconfigFiles(options);
  const current = config.getCurrentContext();
  return config.getContexts().map((c) => ({
    name: c.name,
    cluster: c.cluster,
    server: config.getCluster(c.cluster)?.server ?? '',
    user: c.user,
    namespace: c.namespace ?? 'default',
    current: c.name === current,
  }));
}
