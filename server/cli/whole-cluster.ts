// What `pipelines` and `scan` share: reading the whole cluster once (from the on-disk cache with
// --cache), and progress on stderr when it is a terminal.
import { type Command, Option } from 'commander';
import { DEFAULT_CACHE_TTL_SECONDS, openCachedEngine } from '../../shared/cache/disk-cache.js';
import { Engine } from '../../shared/engine.js';
import { badInput } from '../../shared/errors/index.js';
import { type OnProgress, terminalProgress } from '../../shared/progress.js';
import { addClusterOptions, type CommonOptions, clusterOptions } from './common.js';

export interface WholeClusterCliOptions extends CommonOptions {
  cache?: boolean;
  cacheTtl?: string;
}

export function addWholeClusterOptions(command: Command): Command {
  addClusterOptions(command);
  return command
    .option('-n, --namespace <ns>', 'only report about this namespace (the whole cluster is still read)')
    .option('--cache', 'keep the cluster index on disk between commands (per context, see --cache-ttl)')
    .addOption(
      new Option('--cache-ttl <seconds>', 'how long a cached index is used').default(
        String(DEFAULT_CACHE_TTL_SECONDS),
      ),
    );
}

/** Run with an engine (cached or not) and a progress reporter that draws on a TTY stderr only. */
export async function withWholeCluster<T>(
  options: WholeClusterCliOptions,
  run: (engine: Engine, onProgress: OnProgress) => Promise<T>,
): Promise<T> {
  const cluster = clusterOptions(options);
  const progress = terminalProgress(process.stderr);
  try {
    if (options.cache) {
      const ttl = Number(options.cacheTtl);
      if (!Number.isFinite(ttl) || ttl < 0)
        throw badInput(`--cache-ttl must be a number of seconds, not "${options.cacheTtl}"`);
      const cached = await openCachedEngine(cluster, ttl, progress.onProgress);
      try {
        const result = await run(cached.engine, progress.onProgress);
        cached.save();
        return result;
      } finally {
        await cached.engine.close();
      }
    }
    const engine = await Engine.open(cluster);
    try {
      return await run(engine, progress.onProgress);
    } finally {
      await engine.close();
    }
  } finally {
    progress.finish();
  }
}
