// `cub-scout snapshot -o FILE`: save a cluster's delivery state to a file that `--snapshot` reads
// back (Secret and ConfigMap data never included).
import { Command } from 'commander';
import { safeText } from '../../shared/render/safe-text.js';
import { takeSnapshot, writeSnapshot } from '../../shared/snapshot-writer.js';

interface SnapshotCommandOptions {
  output: string;
  context?: string;
  kubeconfig?: string;
  namespace?: string;
}

export function snapshotCommand(): Command {
  return new Command('snapshot')
    .description('save what cub-scout reads from a cluster to a file that --snapshot reads back')
    .requiredOption('-o, --output <file>', 'file to write: .json for JSON, else multi-document YAML')
    .option(
      '-n, --namespace <ns>',
      'only objects of this namespace (GitOps objects of every namespace are kept)',
    )
    .option('--context <name>', 'kubeconfig context to use (default: current context)')
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
    .addHelpText(
      'after',
      `
Secret and ConfigMap data is never written: they keep their metadata, Helm release storage its
release metadata and the list of objects in its manifest. The file is readable by its owner only.

Example:
  cub-scout snapshot -o prod.yaml --context prod
  cub-scout trace deployment/nginx -n demo --snapshot prod.yaml`,
    )
    .action(async (options: SnapshotCommandOptions) => {
      const { openLiveReader } = await import('../../shared/reader/live.js');
      const reader = await openLiveReader({
        ...(options.context ? { context: options.context } : {}),
        ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
      });
      try {
        const snapshot = await takeSnapshot(
          reader,
          options.namespace ? { namespace: options.namespace } : {},
        );
        await writeSnapshot(options.output, snapshot, reader.source);
        for (const warning of snapshot.warnings) process.stderr.write(`warning: ${safeText(warning)}\n`);
        process.stderr.write(
          `wrote ${snapshot.objects.length} objects from ${reader.source} to ${options.output}\n`,
        );
      } finally {
        await reader.close?.();
      }
    });
}
