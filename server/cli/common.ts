// What every CLI command shares: cluster options, turning errors into one line and an exit code.
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Engine } from '../../shared/engine.js';
import { CubScoutError, isCubScoutError, oneLine } from '../../shared/errors/index.js';
import type { ClusterOptions } from '../../shared/reader/open.js';
import { safeText } from '../../shared/render/safe-text.js';

/** Exit codes, documented in --help and the README. */
export const EXIT = { ok: 0, unhealthy: 1, badInput: 2, unreadable: 3 } as const;

export interface CommonOptions extends ClusterOptions {
  namespace?: string;
  output?: string;
}

export function addClusterOptions(command: Command): Command {
  return command
    .option('--snapshot <path>', 'read a snapshot (YAML/JSON file or directory) instead of a cluster')
    .option('--demo', 'use the demo cluster snapshot shipped with cub-scout')
    .option('--context <name>', 'kubeconfig context to use (default: current context)')
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)');
}

export function outputOption(formats: string[], fallback = formats[0]): Option {
  return new Option('-o, --output <format>', `output format`).choices(formats).default(fallback);
}

export function clusterOptions(options: CommonOptions): ClusterOptions {
  const cluster: ClusterOptions = {};
  if (options.snapshot) cluster.snapshot = options.snapshot;
  if (options.demo) cluster.demo = true;
  if (options.context) cluster.context = options.context;
  if (options.kubeconfig) cluster.kubeconfig = options.kubeconfig;
  if (cluster.snapshot && cluster.demo)
    throw new CubScoutError('bad-input', '--snapshot and --demo cannot be used together');
  return cluster;
}

export async function withEngine<T>(options: CommonOptions, run: (engine: Engine) => Promise<T>): Promise<T> {
  // Imported here: main.ts loads this module for every command, --version included.
  const { Engine } = await import('../../shared/engine.js');
  const engine = await Engine.open(clusterOptions(options));
  try {
    return await run(engine);
  } finally {
    await engine.close();
  }
}

/** Report an error as one line on stderr and return its exit code. Never a stack trace, except
 * with CUB_SCOUT_DEBUG set, for us. */
export function reportError(error: unknown): number {
  if (process.env.CUB_SCOUT_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.stderr.write(`error: ${safeText(oneLine(error))}\n`); // may quote a server's message
  return isCubScoutError(error) ? error.exitCode : EXIT.unreadable;
}

/** A commander parser for --port: a TCP port, 0 meaning any free one. */
export function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('expected a port number (0-65535)');
  return n;
}
