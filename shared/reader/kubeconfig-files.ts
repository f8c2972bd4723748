// Which kubeconfig files to read, and the context names they define, without the Kubernetes
// client: a server that lists its clusters at start (the MCP server, the desktop app) must not pay
// for loading @kubernetes/client-node until it reads a live cluster.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parseDocument } from 'yaml';
import { CubScoutError, oneLine } from '../errors/index.js';

export interface KubeconfigOptions {
  /** kubeconfig path(s); several separated by ':' like KUBECONFIG. Default: KUBECONFIG, then ~/.kube/config. */
  kubeconfig?: string;
  /** Context to use; default: the current context. */
  context?: string;
  /** Time limit for an exec credential plugin (default: CUB_SCOUT_EXEC_TIMEOUT seconds, else 30 s). */
  execTimeoutMs?: number;
}

export const NO_KUBECONFIG_MESSAGE =
  'no kubeconfig found (--kubeconfig, KUBECONFIG or ~/.kube/config); try the built-in demo: add --demo, or run `cub-scout demo`';

/** The kubeconfig files to read, in kubectl's order. Missing KUBECONFIG entries are skipped like
 * kubectl does; a missing --kubeconfig is an error. */
export function kubeconfigFiles(options: KubeconfigOptions = {}): string[] {
  if (options.kubeconfig) {
    const files = options.kubeconfig.split(delimiter).filter(Boolean);
    for (const file of files) {
      if (!existsSync(file)) throw new CubScoutError('no-cluster', `kubeconfig ${file}: no such file`);
    }
    return files;
  }
  const fromEnv = (process.env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  const candidates = fromEnv.length > 0 ? fromEnv : [join(homedir(), '.kube', 'config')];
  const files = [...new Set(candidates)].filter((f) => existsSync(f));
  if (files.length === 0) throw new CubScoutError('no-cluster', NO_KUBECONFIG_MESSAGE);
  return files;
}

export interface ContextName {
  name: string;
  current: boolean;
}

/** The contexts the kubeconfig files define, merged like kubectl (the first file that names a
 * context wins, and the first current-context set). Names only: nothing is resolved or checked. */
export function contextNames(options: Pick<KubeconfigOptions, 'kubeconfig'> = {}): ContextName[] {
  const names: string[] = [];
  let current = '';
  for (const file of kubeconfigFiles(options)) {
    const config = readKubeconfigFile(file).parsed;
    if (config === undefined) continue;
    const { contexts, 'current-context': currentContext } = config;
    for (const entry of Array.isArray(contexts) ? contexts : []) {
      const name = (entry as { name?: unknown } | null)?.name;
      if (typeof name === 'string' && name && !names.includes(name)) names.push(name);
    }
    if (!current && typeof currentContext === 'string') current = currentContext;
  }
  return names.map((name) => ({ name, current: name === current }));
}

/** One kubeconfig file read and parsed, or a one-line error naming the file (and the line of a YAML
 * error). `parsed` is undefined for an empty file, which kubectl reads as an empty kubeconfig. */
export function readKubeconfigFile(file: string): {
  text: string;
  parsed: Record<string, unknown> | undefined;
} {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CubScoutError('unreadable', `kubeconfig ${file}: ${oneLine(e)}`);
  }
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line;
    throw new CubScoutError(
      'unreadable',
      `kubeconfig ${file}${line ? `:${line}` : ''}: malformed YAML: ${oneLine(error.message)}`,
    );
  }
  const parsed = doc.toJS() as unknown;
  if (parsed === null || parsed === undefined) return { text, parsed: undefined };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new CubScoutError('unreadable', `kubeconfig ${file}: not a kubeconfig (expected a YAML mapping)`);
  }
  return { text, parsed: parsed as Record<string, unknown> };
}
