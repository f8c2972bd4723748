// `cub-scout pipelines`: every delivery pipeline of the cluster (source -> deployer -> what it
// delivers, with health at each level), built from the batch traces.
import { Command } from 'commander';
import { renderDot, renderMermaid } from '../../shared/pipelines/graph.js';
import { renderPipelinesText } from '../../shared/pipelines/render.js';
import { safeJson } from '../../shared/render/safe-text.js';
import { styleFor } from '../../shared/render/style.js';
import { EXIT, outputOption } from './common.js';
import { addWholeClusterOptions, type WholeClusterCliOptions, withWholeCluster } from './whole-cluster.js';

interface PipelinesCliOptions extends WholeClusterCliOptions {
  trace?: boolean;
  unhealthyOnly?: boolean;
  exitCode?: boolean;
}

export function pipelinesCommand(): Command {
  const command = new Command('pipelines')
    .description('list every delivery pipeline (source -> deployer -> what it delivers) with its health')
    .addOption(outputOption(['text', 'json', 'dot', 'mermaid']))
    .option('--trace', 'include the trace of every delivered object')
    .option('--unhealthy-only', 'show only pipelines with a problem')
    .option('--exit-code', 'exit 1 when any pipeline is unhealthy');
  addWholeClusterOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  cub-scout pipelines --demo
  cub-scout pipelines -n apps --unhealthy-only
  cub-scout pipelines -o mermaid > pipelines.mmd
  cub-scout pipelines --cache -o json     # reuse the index read in the last 30 s

Where flux-operator's FluxReport exists, a FLUX line gives Flux's version, component health, sync
and reconciler counts (\`flux\` in JSON).

Exit codes: 0 listed, 1 an unhealthy pipeline (with --exit-code), 2 bad input, 3 cluster or
snapshot unreadable.`,
  );
  command.action(async (options: PipelinesCliOptions) => {
    const report = await withWholeCluster(options, (engine, onProgress) =>
      engine.pipelines({
        onProgress,
        ...(options.namespace ? { namespace: options.namespace } : {}),
        ...(options.trace ? { traces: true } : {}),
        ...(options.unhealthyOnly ? { unhealthyOnly: true } : {}),
      }),
    );
    if (options.output === 'json') process.stdout.write(`${safeJson(report)}\n`);
    else if (options.output === 'dot') process.stdout.write(renderDot(report));
    else if (options.output === 'mermaid') process.stdout.write(renderMermaid(report));
    else process.stdout.write(renderPipelinesText(report, styleFor(process.stdout)));
    if (options.exitCode && report.healthy < report.total) process.exitCode = EXIT.unhealthy;
  });
  return command;
}
