// `cub-scout mcp`: the MCP server for AI assistants, over stdio (default: Claude Desktop, Claude
// Code) or Streamable HTTP. Nothing but protocol messages may go to stdout in stdio mode, so every
// message of ours goes to stderr.
import { Command, InvalidArgumentError } from 'commander';
import { ALL_TOOLSETS } from '../mcp/toolsets.js';
import { addClusterOptions, type CommonOptions } from './common.js';

export const TOKEN_ENV = 'CUB_SCOUT_MCP_TOKEN';
const DEFAULT_PORT = 8731;

export interface McpOptions extends CommonOptions {
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
    // The MCP SDK and the server load only when serving, keeping every other command fast.
    const { serveMcp } = await import('../mcp/serve.js');
    await serveMcp(options);
  });
  return command;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('expected a port number (0-65535)');
  return n;
}
