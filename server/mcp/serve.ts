// `cub-scout mcp`: fix the clusters the server may read (the catalog), build the engine pool, the
// whole-cluster workers and the history store, then serve over stdio or HTTP.
import { statSync } from 'node:fs';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { ClusterCatalog } from '../../shared/cluster-catalog.js';
import { EnginePool } from '../../shared/engine-pool.js';
import { badInput, CubScoutError } from '../../shared/errors/index.js';
import { historyStore } from '../../shared/history/index.js';
import { type McpOptions, TOKEN_ENV } from '../cli/mcp.js';
import { ClusterWorkers } from './cluster-workers.js';
import type { McpContext } from './context.js';
import { startHttpServer } from './http.js';
import { guardTransport } from './protocol-guard.js';
import { isLoopback } from './security.js';
import { createMcpServer } from './server.js';
import { parseToolsets } from './toolsets.js';

export async function serveMcp(options: McpOptions): Promise<void> {
  const toolsets = parseToolsets(options.toolsets);
  const token = options.token ?? process.env[TOKEN_ENV] ?? undefined;
  if (options.http && !isLoopback(options.host) && !token)
    throw badInput(
      `--host ${options.host} is not loopback: set --token or ${TOKEN_ENV} so that only your clients get in`,
    );
  const snapshots = options.snapshot ?? [];
  for (const path of snapshots) checkSnapshotPath(path);
  const catalog = new ClusterCatalog({
    ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
    ...(options.context ? { context: options.context } : {}),
    ...(options.demo ? { demo: true } : {}),
    snapshots,
  });
  if (options.context) catalog.resolve(options.context); // a default that is not there fails now
  const maxEngines = options.maxEngines;
  const pool = new EnginePool({ catalog, maxEngines });
  const workers = new ClusterWorkers({ catalog, maxWorkers: maxEngines });
  // The demo or a snapshot as the default is read now: a bad file fails at start, not on every call.
  const fallback = catalog.defaultCluster;
  if (fallback !== undefined && catalog.resolve(fallback).kind !== 'context') await pool.get(fallback);
  const context: McpContext = {
    catalog,
    pool,
    workers,
    history: historyStore({
      ...(options.historyDir ? { historyDir: options.historyDir } : {}),
      ...(options.history === false ? { history: false } : {}),
    }),
    now: () => new Date(),
  };
  const closeAll = () => Promise.all([pool.close(), workers.close()]);

  if (options.http) {
    const running = await startHttpServer(context, {
      host: options.host,
      port: options.port,
      toolsets,
      ...(token ? { token } : {}),
    });
    process.stderr.write(
      `cub-scout MCP server listening on ${running.url}${token ? ' (bearer token required)' : ''}\n`,
    );
    const stop = () => void running.close().then(closeAll);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return;
  }
  const server = createMcpServer(context, toolsets);
  const transport = new StdioServerTransport();
  transport.onclose = () => void closeAll();
  await server.connect(transport);
  guardTransport(transport, toolsets);
}

/** A snapshot named at start must exist: the server never learns about files later. */
function checkSnapshotPath(path: string): void {
  try {
    statSync(path);
  } catch {
    throw new CubScoutError('unreadable', `--snapshot ${path}: no such file or directory`);
  }
}
