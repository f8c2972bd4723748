// `cub-scout mcp --print-config`: the snippet an MCP client needs to start THIS install of the
// server: the absolute path of node and of our bin, so it works from any working directory and
// with the bare environment clients start servers in, without a published package or a PATH entry.
// The options that choose what to serve (--demo, --snapshot, --context, ...) are carried over.
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shellQuote } from '../../shared/render/shell-quote.js';
import type { McpOptions } from './mcp.js';

export const MCP_CLIENTS = ['claude-desktop', 'claude-code', 'cursor', 'vscode'] as const;
export type McpClient = (typeof MCP_CLIENTS)[number];

const SERVER_NAME = 'cub-scout';

/** Where each client reads the snippet from; said on stderr so that stdout is only the snippet. */
const WHERE: Record<McpClient, string> = {
  'claude-desktop':
    'add to claude_desktop_config.json (macOS: ~/Library/Application Support/Claude/, Windows: %APPDATA%\\Claude\\), then restart Claude Desktop',
  'claude-code': 'run this command (add --scope user to offer it in every project)',
  cursor: 'add to ~/.cursor/mcp.json (every project) or .cursor/mcp.json (one project)',
  vscode: 'add to .vscode/mcp.json in your workspace (or run "MCP: Open User Configuration")',
};

/** The command that starts this install's server: node, our bin, `mcp` and the serving options. */
export function serverCommand(options: Partial<McpOptions>): { command: string; args: string[] } {
  // The bundle (build/cli.mjs) keeps bin.js next to every chunk, flat in dist/cli/.
  const bin = realpathSync(fileURLToPath(new URL('./bin.js', import.meta.url)));
  const args = [bin, 'mcp'];
  if (options.demo) args.push('--demo');
  for (const path of options.snapshot ?? []) args.push('--snapshot', resolve(path));
  if (options.context) args.push('--context', options.context);
  if (options.kubeconfig) args.push('--kubeconfig', resolve(options.kubeconfig));
  if (options.toolsets) args.push('--toolsets', options.toolsets);
  if (options.historyDir) args.push('--history-dir', resolve(options.historyDir));
  if (options.history === false) args.push('--no-history');
  if (options.maxEngines !== undefined && options.maxEngines !== 8)
    args.push('--max-engines', String(options.maxEngines));
  return { command: process.execPath, args };
}

export function printConfig(options: Partial<McpOptions>): string {
  const client = (options.client ?? 'claude-desktop') as McpClient;
  const { command, args } = serverCommand(options);
  process.stderr.write(`# ${WHERE[client]}\n`);
  if (client === 'claude-code')
    return `claude mcp add ${SERVER_NAME} -- ${[command, ...args].map(shellQuote).join(' ')}\n`;
  const server = { command, args };
  const config =
    client === 'vscode'
      ? { servers: { [SERVER_NAME]: { type: 'stdio', ...server } } }
      : { mcpServers: { [SERVER_NAME]: server } };
  return `${JSON.stringify(config, null, 2)}\n`;
}
