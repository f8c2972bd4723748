// `cub-scout contexts`: the kubeconfig contexts cub-scout can trace, with server and namespace, so
// that choosing `--context` needs no kubectl.
import { Command } from 'commander';
import { outputOption } from './common.js';

interface ContextsOptions {
  kubeconfig?: string;
  output?: string;
}

export function contextsCommand(): Command {
  return new Command('contexts')
    .description('list the kubeconfig contexts (current one marked with *)')
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
    .addOption(outputOption(['text', 'json']))
    .action(async (options: ContextsOptions) => {
      const { listContexts } = await import('../../shared/reader/kubeconfig.js');
      const contexts = listContexts(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {});
      if (options.output === 'json') {
        process.stdout.write(`${JSON.stringify(contexts, null, 2)}\n`);
        return;
      }
      const rows = [
        ['CURRENT', 'NAME', 'CLUSTER', 'SERVER', 'NAMESPACE'],
        ...contexts.map((c) => [
          c.current ? '*' : '',
          c.name,
          c.cluster,
          c.server || '(missing)',
          c.namespace,
        ]),
      ];
      process.stdout.write(table(rows));
    });
}

/** Columns padded like kubectl's tables. */
function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 3)))
        .join('')
        .trimEnd(),
    )
    .join('\n')
    .concat('\n');
}
