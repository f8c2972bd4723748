// `cub-scout trace <kind>/<name>`: the delivery chain of one object.
import type { Command as CommandType } from 'commander';
import { Command, Option } from 'commander';
import { readChainEvents } from '../../shared/drill/events.js';
import { badInput } from '../../shared/errors/index.js';
import { historyStore, rememberTrace } from '../../shared/history/index.js';
import type { CrossCheck, ViaTool } from '../../shared/model/crosscheck.js';
import type { ChainEvents } from '../../shared/model/drilldowns.js';
import type { TraceResult } from '../../shared/model/trace-result.js';
import { renderCrossCheckText } from '../../shared/render/crosscheck-text.js';
import { renderEventsText } from '../../shared/render/events.js';
import { safeJson, safeText } from '../../shared/render/safe-text.js';
import { styleFor } from '../../shared/render/style.js';
import { renderTraceText } from '../../shared/render/text.js';
import { parseResourceArg } from '../../shared/resource-arg.js';
import { type AppResource, traceApplication } from '../../shared/trace/argo-app.js';
import { addClusterOptions, type CommonOptions, EXIT, outputOption, withEngine } from './common.js';

interface TraceOptions extends CommonOptions {
  exitCode?: boolean;
  historyDir?: string;
  history?: boolean;
  app?: string;
  via?: ViaTool;
  compare?: boolean;
  argocdCore?: boolean;
}

export function traceCommand(): Command {
  const command = new Command('trace')
    .description(
      'trace an object up its delivery chain (Flux, Argo CD, Helm, ConfigHub, kubectl) and show where it breaks',
    )
    .argument('[resource]', 'kind/name (deployment/nginx), or a kind followed by a name')
    .argument('[name]', 'object name, when the kind is given separately')
    .option('-n, --namespace <ns>', 'namespace of the object', 'default')
    .addOption(outputOption(['text', 'wide', 'json']))
    .option('--exit-code', 'exit 1 when the chain is unhealthy (broken, stale or orphaned)')
    .option(
      '--history-dir <dir>',
      'where traces are saved (default: $CUB_SCOUT_HISTORY_DIR, then the user data dir)',
    )
    .option('--no-history', 'do not save this trace to the history')
    .option('--app <name>', 'trace an Argo CD Application and list its resources (-n defaults to argocd)')
    .addOption(
      new Option(
        '--via <cli>',
        "also ask the delivery system's own CLI (flux trace, argocd app get)",
      ).choices(['flux', 'argocd']),
    )
    .option('--compare', 'with --via: list where their answer and ours differ, and why')
    .option('--argocd-core', 'with --via argocd: run argocd --core on the same kubeconfig context');
  addClusterOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  cub-scout trace deployment/nginx -n demo --demo
  cub-scout trace deploy nginx -n demo --context prod -o json
  cub-scout trace ks/apps -n flux-system --snapshot ./cluster.yaml
  cub-scout trace --app guestbook -n argocd
  cub-scout trace deploy/web -n web --via flux --compare

--via flux runs \`flux trace --kind K --api-version V -n NS -- NAME\`; --via argocd runs \`argocd app
get APP -N NS -o json\` for the Application the trace names. Both use the same kubeconfig files
(--kubeconfig or KUBECONFIG) and context as cub-scout; the CLI must be on PATH. argocd uses its own
login (\`argocd login\`, or ARGOCD_SERVER, ARGOCD_AUTH_TOKEN and ARGOCD_OPTS in the environment);
--argocd-core runs \`argocd --core\` instead, which reads the cluster directly in the Application's
namespace (it needs Argo CD's repo-server pod, and with credentials that may write it initialises
argocd-secret when that has no admin password). A missing CLI, no login, an error or no answer
within CUB_SCOUT_VIA_TIMEOUT seconds (default 30) gives a one-line warning and our own answer.
With -o json the result gets a \`via\` field: {tool, command, theirs (a TraceResult), warning,
differences: [{aspect, link, ours, theirs, why}]} (schema: shared/model/crosscheck.ts).

-o wide adds every link's URL, path and details, the ownership evidence, and the recent Events of
each link (warnings first, the same event counted once).

Exit codes: 0 traced, 1 unhealthy chain (with --exit-code), 2 bad input (unknown kind, not found,
bad flags), 3 cluster or snapshot unreadable.

A live trace reads the object and the GitOps kinds, then only what the chain names (owners, Helm
release storage), over one connection. CUB_SCOUT_HTTP_STATS=1 prints to stderr at exit:
  http: <requests> requests, <connections> connections, <rounds> sequential rounds`,
  );
  command.action(
    async (
      resource: string | undefined,
      name: string | undefined,
      options: TraceOptions,
      cmd: CommandType,
    ) => {
      checkViaOptions(options);
      let resources: AppResource[] | undefined;
      let events: ChainEvents | undefined;
      // Wide output adds what the controllers said about each link (their Events).
      const wide = options.output === 'wide';
      let result: Awaited<ReturnType<typeof traceApplication>>['trace'];
      if (options.app) {
        if (resource) throw badInput('give either <kind>/<name> or --app <name>, not both');
        const appName = options.app;
        // Applications live in the Argo CD namespace unless -n says otherwise.
        const ns =
          cmd.getOptionValueSource('namespace') === 'default' ? 'argocd' : (options.namespace ?? 'argocd');
        const traced = await withEngine(options, async (engine) => {
          const app = await traceApplication(engine.index, appName, ns);
          return { ...app, events: wide ? await readChainEvents(engine.reader, app.trace.chain) : undefined };
        });
        result = traced.trace;
        resources = traced.resources;
        events = traced.events;
      } else {
        if (!resource)
          throw badInput('name an object (<kind>/<name>) or an Argo CD Application (--app <name>)');
        const target = parseResourceArg(resource, name);
        [result, events] = await withEngine(options, async (engine) => {
          const traced = await engine.trace(target.kind, target.name, options.namespace);
          return [traced, wide ? await readChainEvents(engine.reader, traced.chain) : undefined] as const;
        });
      }
      const historyWarning = await rememberTrace(historyStore(options), 'cli', options.context, result);
      if (historyWarning) process.stderr.write(`warning: ${historyWarning}\n`);
      const via = options.via ? await askTheirCli(options.via, result, options) : undefined;
      if (options.output === 'json')
        process.stdout.write(
          `${safeJson({ ...result, ...(resources ? { resources } : {}), ...(via ? { via } : {}) })}\n`,
        );
      else {
        const style = styleFor(process.stdout);
        process.stdout.write(renderTraceText(result, { style, wide: options.output === 'wide' }));
        if (resources) process.stdout.write(resourceTable(resources));
        if (events) process.stdout.write(renderEventsText(events, style));
        if (via?.theirs) process.stdout.write(renderCrossCheckText(via, options.compare === true, style));
      }
      if (options.exitCode && !result.diagnosis.healthy) process.exitCode = EXIT.unhealthy;
    },
  );
  return command;
}

function checkViaOptions(options: TraceOptions): void {
  if (options.compare && !options.via) throw badInput('--compare needs --via flux or --via argocd');
  if (options.argocdCore && options.via !== 'argocd') throw badInput('--argocd-core goes with --via argocd');
  if (options.via && (options.snapshot || options.demo))
    throw badInput(`--via ${options.via} asks a live cluster: it cannot read a snapshot or the demo`);
}

/** Their CLI's answer; when there is none, one warning line and our own answer stands. */
async function askTheirCli(tool: ViaTool, result: TraceResult, options: TraceOptions): Promise<CrossCheck> {
  // Loaded only when asked for: a plain trace does not pay for starting processes.
  const { crossCheck } = await import('../../shared/crosscheck/via.js');
  const check = await crossCheck(tool, result, {
    ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
    ...(options.context ? { context: options.context } : {}),
    ...(options.argocdCore ? { argocdCore: true } : {}),
  });
  if (check.warning && !check.theirs)
    process.stderr.write(
      `warning: --via ${tool}: ${safeText(check.warning)}; showing cub-scout's own answer\n`,
    );
  return check;
}

/** The Application's resources as `argocd app get` lists them. */
function resourceTable(resources: AppResource[]): string {
  if (resources.length === 0) return '\nRESOURCES  none listed in status.resources\n';
  const rows = [
    ['GROUP', 'KIND', 'NAMESPACE', 'NAME', 'STATUS', 'HEALTH', 'NOTE'],
    ...resources.map((r) => [
      r.group,
      r.kind,
      r.namespace ?? '',
      r.name,
      r.sync ?? '',
      r.health ?? '',
      [
        r.requiresPruning ? 'requires pruning' : '',
        r.live === false ? 'not in cluster' : '',
        r.healthMessage ?? '',
      ]
        .filter(Boolean)
        .join('; '),
    ]),
  ];
  for (const row of rows) for (let i = 0; i < row.length; i++) row[i] = safeText(row[i] ?? ''); // cluster text
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  const lines = rows.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  return `\n${lines.join('\n')}\n`;
}
