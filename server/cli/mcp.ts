// `cub-scout mcp`: the MCP server for AI assistants, over stdio (default: Claude Desktop, Claude
// Code) or Streamable HTTP. Nothing but protocol messages may go to stdout in stdio mode, so every
// message of ours goes to stderr. `--print-config` prints what a client needs to start this very
// install, instead of serving.
import { Command, InvalidArgumentError, Option } from 'commander';
import { ALL_TOOLSETS } from '../mcp/toolsets.js';
import { MCP_CLIENTS, printConfig } from './mcp-config.js';

export const TOKEN_ENV = 'CUB_SCOUT_MCP_TOKEN';
const DEFAULT_PORT = 8731;

export interface McpOptions {
  http?: boolean;
  port: number;
  host: string;
  token?: string;
  toolsets?: string;
  historyDir?: string;
  history?: boolean;
  /** Each a named cluster the tools can select. */
  snapshot?: string[];
  demo?: boolean;
  context?: string;
  kubeconfig?: string;
  maxEngines: number;
  printConfig?: boolean;
  client: string;
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
    .option('--no-history', 'do not save traces')
    .option(
      '--snapshot <path>',
      'also serve a snapshot (YAML/JSON file or directory) as a cluster named after its file; repeatable',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--demo', 'also serve the demo cluster shipped with cub-scout, as the cluster "demo"')
    .option(
      '--context <name>',
      'the cluster tools read when they name none (default: the first snapshot, the demo, else the current context)',
    )
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
    .option(
      '--max-engines <n>',
      'clusters kept in memory at once (least recently used closed first)',
      count,
      8,
    )
    .option('--print-config', 'print the client configuration that starts this server, then exit')
    .addOption(
      new Option('--client <name>', 'with --print-config: the client to configure')
        .choices([...MCP_CLIENTS])
        .default('claude-desktop'),
    );
  command.addHelpText(
    'after',
    `
The clusters the tools may read are fixed here: every kubeconfig context, the demo (--demo) and
each --snapshot. Tools select one by name (list_contexts lists them) and never name a file.

Examples:
  cub-scout mcp --demo                     # try it: the demo cluster, no cluster needed
  cub-scout mcp                            # the kubeconfig's contexts (default: the current one)
  cub-scout mcp --snapshot ./prod --snapshot ./staging.yaml
  cub-scout mcp --http --port 8731         # Streamable HTTP on http://127.0.0.1:8731/mcp
  cub-scout mcp --demo --print-config --client claude-code   # the command that adds this server`,
  );
  command.action(async (options: McpOptions) => {
    if (options.printConfig) {
      process.stdout.write(printConfig(options));
      return;
    }
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

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new InvalidArgumentError('expected a number from 1 to 1000');
  return n;
}
