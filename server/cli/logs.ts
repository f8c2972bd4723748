// `cub-scout logs <kind>/<name>`: the recent logs of the pods under a workload, per container.
import { Command, InvalidArgumentError } from 'commander';
import { LOG_DEFAULTS, workloadLogs } from '../../shared/drill/logs.js';
import { renderLogsText } from '../../shared/render/logs.js';
import { safeJson } from '../../shared/render/safe-text.js';
import { styleFor } from '../../shared/render/style.js';
import { parseResourceArg } from '../../shared/resource-arg.js';
import { addClusterOptions, type CommonOptions, outputOption, withEngine } from './common.js';

interface LogsCliOptions extends CommonOptions {
  container?: string;
  previous?: boolean;
  tail: number;
  limitBytes: number;
  maxPods: number;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

export function logsCommand(): Command {
  const command = new Command('logs')
    .description('recent logs of the pods under a workload (Deployment, StatefulSet, DaemonSet, Job, Pod...)')
    .argument('<resource>', 'kind/name (deployment/nginx), or a kind followed by a name')
    .argument('[name]', 'object name, when the kind is given separately')
    .option('-n, --namespace <ns>', 'namespace of the object', 'default')
    .option('-c, --container <name>', 'only this container')
    .option('-p, --previous', 'the previous instance of each container (after a restart)')
    .option('--tail <lines>', 'lines per container', positive, LOG_DEFAULTS.tailLines)
    .option('--limit-bytes <bytes>', 'bytes per container', positive, LOG_DEFAULTS.limitBytes)
    .option('--max-pods <n>', 'pods to read, newest first', positive, LOG_DEFAULTS.maxPods)
    .addOption(outputOption(['text', 'json']));
  addClusterOptions(command);
  command.addHelpText(
    'after',
    `
Each container's last lines (the API server's tailLines and limitBytes), with its state, how often
it restarted and how its last instance ended. A pod that has not started says why (not scheduled,
waiting for its image). Snapshots hold no logs.

Examples:
  cub-scout logs deployment/podinfo -n apps
  cub-scout logs deploy podinfo -n apps --previous -c podinfod --tail 200

Exit codes: 0 read, 2 bad input (unknown kind, not found, a kind without pods), 3 cluster unreadable.`,
  );
  command.action(async (resource: string, name: string | undefined, options: LogsCliOptions) => {
    const target = parseResourceArg(resource, name);
    const logs = await withEngine(options, (engine) =>
      workloadLogs(engine.reader, target.kind, target.name, options.namespace, {
        ...(options.container ? { container: options.container } : {}),
        ...(options.previous ? { previous: true } : {}),
        tailLines: options.tail,
        limitBytes: options.limitBytes,
        maxPods: options.maxPods,
      }),
    );
    if (options.output === 'json') process.stdout.write(`${safeJson(logs)}\n`);
    else process.stdout.write(renderLogsText(logs, styleFor(process.stdout)));
  });
  return command;
}
