// `cub-scout mcp`: the MCP server for AI assistants, over stdio (default: Claude Desktop, Claude
// Code) or Streamable HTTP. Nothing but protocol messages may go to stdout in stdio mode, so every
// message of ours goes to stderr.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { Command, InvalidArgumentError } from 'commander';
import { EnginePool } from '../../shared/engine-pool.js';
import { badInput } from '../../shared/errors/index.js';
import { historyStore } from '../../shared/history/index.js';
import type { McpContext } from '../mcp/context.js';
import { startHttpServer } from '../mcp/http.js';
import { isLoopback } from '../mcp/security.js';
import { ALL_TOOLSETS, createMcpServer, parseToolsets } from '../mcp/server.js';
import { addClusterOptions, type CommonOptions, clusterOptions } from './common.js';

export const TOKEN_ENV = 'CUB_SCOUT_MCP_TOKEN';
const DEFAULT_PORT = 8731;

interface McpOptions extends CommonOptions {
  http?: boolean;
  port: number;
  host: string;
  token?: string;
  toolsets?: string;
  historyDir?: string;
  history?: boolean;
}

export function mcpCommand(): Command {
  const command = new Command('mcp')
    .description(
      'serve cub-scout to AI assistants over the Model Context Protocol (stdio, or HTTP with --http)',
    )
    .option('--http', 'serve Streamable HTTP instead of stdio')
    .option('--port <n>', `HTTP port (0 = any free port)`, port, DEFAULT_PORT)
    .option('--host <address>', 'HTTP address to bind; anything but loopback needs --token', '127.0.0.1')
    .option('--token <token>', `bearer token HTTP clients must send (default: $${TOKEN_ENV})`)
    .option(
      '--toolsets <list>',
      `comma-separated toolsets to offer (${ALL_TOOLSETS.join(', ')}; default all)`,
    )
    .option(
      '--history-dir <dir>',
      'where traces are saved (default: $CUB_SCOUT_HISTORY_DIR, then the user data dir)',
    )
    .option('--no-history', 'do not save traces');
  addClusterOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  cub-scout mcp --demo                     # try it: the demo cluster, no cluster needed
  cub-scout mcp                            # the current kubeconfig context (tools may pass another)
  cub-scout mcp --http --port 8731         # Streamable HTTP on http://127.0.0.1:8731/mcp
  claude mcp add cub-scout -- npx cub-scout mcp`,
  );
  command.action(async (options: McpOptions) => {
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
  });
  return command;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('expected a port number (0-65535)');
  return n;
}
