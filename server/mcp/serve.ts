// `cub-scout mcp`: build the engine pool and history store, then serve over stdio or HTTP.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { EnginePool } from '../../shared/engine-pool.js';
import { badInput } from '../../shared/errors/index.js';
import { historyStore } from '../../shared/history/index.js';
import { clusterOptions } from '../cli/common.js';
import { type McpOptions, TOKEN_ENV } from '../cli/mcp.js';
import type { McpContext } from './context.js';
import { startHttpServer } from './http.js';
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
  const base = clusterOptions(options);
  const pool = new EnginePool({ base });
  // A snapshot is read once: a bad path fails now, not on every tool call.
  if (base.snapshot || base.demo) await pool.get();
  const store = historyStore({
    ...(options.historyDir ? { historyDir: options.historyDir } : {}),
    ...(options.history === false ? { history: false } : {}),
  });
  const context: McpContext = {
    pool,
    history: store,
    ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
    now: () => new Date(),
  };

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
    const stop = () => void running.close().then(() => pool.close());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return;
  }
  const server = createMcpServer(context, toolsets);
  const transport = new StdioServerTransport();
  transport.onclose = () => void pool.close();
  await server.connect(transport);
}
