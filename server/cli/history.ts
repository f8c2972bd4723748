// `cub-scout history [resource]`: the traces saved by every face (CLI, MCP server, desktop),
// newest first, with what changed since the trace before of the same object.
import { Command, InvalidArgumentError } from 'commander';
import { badInput } from '../../shared/errors/index.js';
import { deployerHistory, renderDeployerHistory } from '../../shared/history/deployer.js';
import { historyStore, type RecordWithChanges, withChanges } from '../../shared/history/index.js';
import type { HistoryRecord } from '../../shared/history/record.js';
import { safeJson, safeText } from '../../shared/render/safe-text.js';
import { parseResourceArg } from '../../shared/resource-arg.js';
import { shortRevision } from '../../shared/trace/flux-revisions.js';
import { outputOption, withEngine } from './common.js';

interface HistoryOptions {
  namespace?: string;
  context?: string;
  limit: number;
  output?: string;
  historyDir?: string;
  deployer?: boolean;
  snapshot?: string;
  demo?: boolean;
  kubeconfig?: string;
}

export function historyCommand(): Command {
  return new Command('history')
    .description('list saved traces, newest first, with what changed between traces of the same object')
    .argument('[resource]', 'only this object: name, kind/name or namespace/kind/name')
    .option('-n, --namespace <ns>', 'only objects in this namespace')
    .option('--context <name>', 'only traces of this kubeconfig context')
    .option('--limit <n>', 'show at most this many traces', positiveInt, 50)
    .addOption(outputOption(['text', 'json']))
    .option(
      '--history-dir <dir>',
      'the history store (default: $CUB_SCOUT_HISTORY_DIR, then the user data dir)',
    )
    .option(
      '--deployer',
      "with <kind>/<name>: the deployer's own history (Flux and Argo CD status.history, Helm release revisions) merged with our saved traces; reads the cluster",
    )
    .option('--snapshot <path>', 'with --deployer: read a snapshot instead of a cluster')
    .option('--demo', 'with --deployer: use the demo cluster snapshot')
    .option(
      '--kubeconfig <path>',
      'with --deployer: kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)',
    )
    .addHelpText(
      'after',
      `
With --deployer, --context also names the cluster to read, and -n the object's namespace (default
"default"). Helm release storage is read by its labels only (version, status, modifiedAt): never
the release payload, never values.

Examples:
  cub-scout history deployment/nginx -n demo
  cub-scout history deployment/web -n shop --deployer`,
    )
    .action(async (resource: string | undefined, options: HistoryOptions) => {
      const store = historyStore({ ...(options.historyDir ? { historyDir: options.historyDir } : {}) });
      if (options.deployer) {
        if (!resource) throw badInput('--deployer needs an object: <kind>/<name>');
        const target = parseResourceArg(resource);
        const history = await withEngine(options, async (engine) =>
          deployerHistory(
            engine.reader,
            await engine.trace(target.kind, target.name, options.namespace ?? 'default'),
            {
              store,
              limit: options.limit,
            },
          ),
        );
        process.stdout.write(
          options.output === 'json' ? `${safeJson(history)}\n` : renderDeployerHistory(history),
        );
        return;
      }
      if (!store) return;
      const { records, skipped } = await store.load({
        ...(resource ? { resource } : {}),
        ...(options.namespace ? { namespace: options.namespace } : {}),
        ...(options.context ? { context: options.context } : {}),
      });
      for (const s of skipped) process.stderr.write(`warning: skipped ${safeText(s.file)}: ${s.reason}\n`);
      const shown = withChanges(records).slice(0, options.limit);
      const omitted = records.length - shown.length;
      if (options.output === 'json') {
        const entries = shown.map(({ record, changes }) => ({ ...record, changes }));
        process.stdout.write(`${safeJson({ dir: store.dir, entries, omitted, skipped })}\n`);
        return;
      }
      if (shown.length === 0) {
        process.stdout.write(`no saved traces${resource ? ` of ${resource}` : ''} in ${store.dir}\n`);
        return;
      }
      process.stdout.write(renderTable(shown));
      if (omitted > 0) process.stdout.write(`… ${omitted} older trace(s) not shown (--limit)\n`);
    });
}

function renderTable(entries: RecordWithChanges[]): string {
  const rows = entries.map(({ record, changes }) =>
    [
      record.savedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
      record.face,
      record.context ?? record.source,
      objectName(record),
      status(record),
      shortRevision(record.result.diagnosis.running ?? '') || '-',
      changes === null ? '(first)' : changes.length === 0 ? '-' : changes.join('; '),
    ].map(safeText),
  ); // cluster text with terminal control characters escaped
  const header = ['TIME', 'FACE', 'CLUSTER', 'OBJECT', 'STATUS', 'RUNNING', 'CHANGES'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[header, ...rows].map(line).join('\n')}\n`;
}

function objectName(record: HistoryRecord): string {
  const o = record.object;
  return `${o.kind}/${o.name}${o.namespace ? ` -n ${o.namespace}` : ''}`;
}

function status(record: HistoryRecord): string {
  const { diagnosis, chain } = record.result;
  if (diagnosis.healthy) return 'healthy';
  const link = diagnosis.brokenAt === null ? undefined : chain[diagnosis.brokenAt];
  return link ? `broken at ${link.kind}/${link.name}` : 'unhealthy';
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}
