// `cub-scout trace <kind>/<name>`: the delivery chain of one object.
import { Command } from 'commander';
import { historyStore, rememberTrace } from '../../shared/history/index.js';
import { styleFor } from '../../shared/render/style.js';
import { renderTraceText } from '../../shared/render/text.js';
import { parseResourceArg } from '../../shared/resource-arg.js';
import { addClusterOptions, type CommonOptions, EXIT, outputOption, withEngine } from './common.js';

interface TraceOptions extends CommonOptions {
  exitCode?: boolean;
  historyDir?: string;
  history?: boolean;
}

export function traceCommand(): Command {
  const command = new Command('trace')
    .description(
      'trace an object up its delivery chain (Flux, Argo CD, Helm, ConfigHub, kubectl) and show where it breaks',
    )
    .argument('<resource>', 'kind/name (deployment/nginx), or a kind followed by a name')
    .argument('[name]', 'object name, when the kind is given separately')
    .option('-n, --namespace <ns>', 'namespace of the object', 'default')
    .addOption(outputOption(['text', 'wide', 'json']))
    .option('--exit-code', 'exit 1 when the chain is unhealthy (broken, stale or orphaned)')
    .option(
      '--history-dir <dir>',
      'where traces are saved (default: $CUB_SCOUT_HISTORY_DIR, then the user data dir)',
    )
    .option('--no-history', 'do not save this trace to the history');
  addClusterOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  cub-scout trace deployment/nginx -n demo --demo
  cub-scout trace deploy nginx -n demo --context prod -o json
  cub-scout trace ks/apps -n flux-system --snapshot ./cluster.yaml

Exit codes: 0 traced, 1 unhealthy chain (with --exit-code), 2 bad input (unknown kind, not found,
bad flags), 3 cluster or snapshot unreadable.`,
  );
  command.action(async (resource: string, name: string | undefined, options: TraceOptions) => {
    const target = parseResourceArg(resource, name);
    const result = await withEngine(options, (engine) =>
      engine.trace(target.kind, target.name, options.namespace),
    );
    const historyWarning = await rememberTrace(historyStore(options), 'cli', options.context, result);
    if (historyWarning) process.stderr.write(`warning: ${historyWarning}\n`);
    if (options.output === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else
      process.stdout.write(
        renderTraceText(result, { style: styleFor(process.stdout), wide: options.output === 'wide' }),
      );
    if (options.exitCode && !result.diagnosis.healthy) process.exitCode = EXIT.unhealthy;
  });
  return command;
}
