// `trace --via flux|argocd`: ask the delivery system's own CLI about the object we traced, on the
// same cluster (the same kubeconfig files and context), read its answer into our model and compare.
// Whatever goes wrong (no CLI, not logged in, an error, a hang) becomes one warning line: our own
// answer stands.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { stringify } from 'yaml';
import { clip } from '../errors/clip.js';
import { CubScoutError, oneLine } from '../errors/index.js';
import type { CrossCheck, ViaTool } from '../model/crosscheck.js';
import type { ChainLink, TraceResult } from '../model/trace-result.js';
import { kubeconfigFiles, readKubeconfigFile } from '../reader/kubeconfig-files.js';
import { checkObjectName } from '../resource-arg.js';
import { parseArgocdApp } from './argocd-app-parse.js';
import { compareTraces } from './compare.js';
import { type Parsed, parseFluxTrace } from './flux-trace-parse.js';
import { type CliOutcome, errorLine, runCli } from './run-cli.js';

export interface ViaOptions {
  /** The cluster cub-scout read (a live one: --via has no meaning for a snapshot). */
  kubeconfig?: string;
  context?: string;
  /** argocd: start Argo CD's API in-process against the kubeconfig (`argocd --core`) instead of
   * using argocd's own login. */
  argocdCore?: boolean;
  env?: NodeJS.ProcessEnv;
  timeoutSeconds?: number;
  now?: Date;
}

const ARGOCD_NOT_LOGGED_IN =
  /server address unspecified|not logged in|Unauthenticated|no session information|token is expired|invalid session|context .* does not exist/i;

export async function crossCheck(
  tool: ViaTool,
  ours: TraceResult,
  options: ViaOptions = {},
): Promise<CrossCheck> {
  try {
    return tool === 'flux' ? await viaFlux(ours, options) : await viaArgocd(ours, options);
  } catch (e) {
    return { tool, command: [], warning: oneLine(e), differences: [] };
  }
}

async function viaFlux(ours: TraceResult, options: ViaOptions): Promise<CrossCheck> {
  const object = ours.object;
  const args = [
    'trace',
    `--kind=${cliWord(object.kind, 'kind')}`,
    `--api-version=${cliWord(object.apiVersion, 'apiVersion')}`,
    ...(object.namespace ? [`--namespace=${cliName(object.namespace)}`] : []),
    ...(options.context ? [`--context=${options.context}`] : []),
    '--',
    cliName(object.name),
  ];
  const outcome = await runCli('flux', args, runOptions(options, kubeconfigEnv(options)));
  return finish('flux', ours, outcome, (run) => {
    if (run.exitCode !== 0)
      return {
        warning: `flux trace failed (exit ${run.exitCode}): ${errorLine(run.stderr) || 'no message'}`,
      };
    return parseFluxTrace(run.stdout, run.stderr, object, options.now);
  });
}

async function viaArgocd(ours: TraceResult, options: ViaOptions): Promise<CrossCheck> {
  const app = managingApplication(ours);
  if (!app)
    return {
      tool: 'argocd',
      command: [],
      warning: `no Argo CD Application manages ${ours.object.kind} ${ours.object.name}: nothing to ask argocd`,
      differences: [],
    };
  const args = ['app', 'get', cliName(app.name), `--app-namespace=${cliName(app.namespace)}`, '-o', 'json'];
  let scratch: string | undefined;
  let env: NodeJS.ProcessEnv = {};
  if (options.argocdCore) {
    // argocd --core reads the current context of KUBECONFIG and takes its namespace for Argo CD's
    // (its --kube-context does not reach the in-process API): a small kubeconfig put first names a
    // context with the user's cluster and user (names only, no credentials) in the app's namespace.
    scratch = mkdtempSync(join(tmpdir(), 'cub-scout-argocd-'));
    env = { KUBECONFIG: coreKubeconfig(scratch, options, app.namespace) };
    args.push('--core');
  }
  try {
    const outcome = await runCli('argocd', args, runOptions(options, env));
    return finish('argocd', ours, outcome, (run) => {
      if (run.exitCode !== 0) {
        const line = errorLine(run.stderr) || `exit ${run.exitCode}`;
        if (!options.argocdCore && ARGOCD_NOT_LOGGED_IN.test(line))
          return {
            warning: `argocd is not logged in (${line}): run \`argocd login\`, or add --argocd-core to read the cluster directly`,
          };
        return { warning: `argocd app get failed: ${line}` };
      }
      return parseArgocdApp(run.stdout, ours.object, options.now);
    });
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

function finish(
  tool: ViaTool,
  ours: TraceResult,
  outcome: CliOutcome,
  read: (run: NonNullable<CliOutcome['run']>) => Parsed,
): CrossCheck {
  const command = outcome.run?.argv ?? [];
  if (!outcome.ok) return { tool, command, warning: outcome.warning, differences: [] };
  const parsed = read(outcome.run);
  if (!parsed.theirs)
    return {
      tool,
      command: outcome.run.argv,
      warning: clip(parsed.warning ?? 'no answer', 500),
      differences: [],
    };
  return {
    tool,
    command: outcome.run.argv,
    theirs: parsed.theirs,
    differences: compareTraces(tool, ours, parsed.theirs),
  };
}

/** The Application our trace names for the object: its deployer (or applier), else the object
 * itself when it is one, else the one its tracking mark names. */
export function managingApplication(ours: TraceResult): { name: string; namespace: string } | undefined {
  const apps = ours.chain.filter((l: ChainLink) => l.kind === 'Application' && l.tool !== 'flux');
  const app = apps.filter((l) => l.role !== 'object').at(-1) ?? apps.at(-1);
  if (app) return { name: app.name, namespace: app.namespace ?? 'argocd' };
  for (const e of ours.evidence ?? []) {
    if (e.key === 'argocd.argoproj.io/tracking-id') {
      const appPart = e.value.split(':')[0] ?? '';
      const underscore = appPart.indexOf('_');
      if (underscore > 0)
        return { namespace: appPart.slice(0, underscore), name: appPart.slice(underscore + 1) };
      if (appPart) return { name: appPart, namespace: 'argocd' };
    }
  }
  const instance = (ours.evidence ?? []).find((e) => e.key === 'app.kubernetes.io/instance');
  return instance?.value ? { name: instance.value, namespace: 'argocd' } : undefined;
}

function runOptions(options: ViaOptions, env: NodeJS.ProcessEnv) {
  return {
    env: { ...(options.env ?? process.env), ...env },
    ...(options.timeoutSeconds ? { timeoutSeconds: options.timeoutSeconds } : {}),
  };
}

/** The same kubeconfig files as cub-scout read (--kubeconfig may list several: KUBECONFIG form). */
function kubeconfigEnv(options: ViaOptions): NodeJS.ProcessEnv {
  return options.kubeconfig ? { KUBECONFIG: kubeconfigFiles(options).join(delimiter) } : {};
}

function coreKubeconfig(dir: string, options: ViaOptions, namespace: string): string {
  const files = kubeconfigFiles(options);
  // Only names are copied: the cluster and user entries stay in the user's files.
  const merged = contextEntry(files, options.context);
  const file = join(dir, 'kubeconfig');
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      contexts: [{ name: 'cub-scout-argocd-core', context: { ...merged, namespace } }],
      'current-context': 'cub-scout-argocd-core',
    }),
    { mode: 0o600 },
  );
  return [file, ...files].join(delimiter);
}

function contextEntry(files: string[], context: string | undefined): { cluster: string; user: string } {
  const contexts: Array<{ name: string; cluster: string; user: string }> = [];
  let current = context ?? '';
  for (const file of files) {
    // biome-ignore lint/suspicious/noExplicitAny: a kubeconfig file is untyped YAML
    const parsed = readKubeconfigFile(file).parsed as any;
    for (const entry of Array.isArray(parsed?.contexts) ? parsed.contexts : [])
      if (typeof entry?.name === 'string' && !contexts.some((c) => c.name === entry.name))
        contexts.push({ name: entry.name, cluster: entry.context?.cluster, user: entry.context?.user });
    if (!current && typeof parsed?.['current-context'] === 'string') current = parsed['current-context'];
  }
  const found = contexts.find((c) => c.name === current);
  if (!found?.cluster || !found.user)
    throw new CubScoutError('bad-input', `kubeconfig context "${current}" not found for argocd --core`);
  return { cluster: found.cluster, user: found.user };
}

/** A name given to another CLI: what the API server accepts as a name, and never an option. */
function cliName(value: string): string {
  checkObjectName(value);
  if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,252}$/.test(value))
    throw new CubScoutError('bad-input', `"${value.slice(0, 60)}" is not a name to pass to another CLI`);
  return value;
}

function cliWord(value: string, what: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9./-]{0,252}$/.test(value))
    throw new CubScoutError('bad-input', `${what} "${value.slice(0, 60)}" is not one to pass to another CLI`);
  return value;
}
