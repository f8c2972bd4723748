// `cub-scout mcp --print-config`: the snippet a client needs, for this install. The printed command
// is run the way a client runs it (a new process, another working directory, HOME elsewhere, a
// bare environment) and must complete initialize + tools/list.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

interface ServerEntry {
  command: string;
  args: string[];
  type?: string;
}

async function connectAsClient(entry: ServerEntry): Promise<string[]> {
  const elsewhere = mkdtempSync(join(tmpdir(), 'cub-scout-client-'));
  const transport = new StdioClientTransport({
    command: entry.command,
    args: entry.args,
    cwd: elsewhere,
    // What a desktop client passes: little more than HOME and a minimal PATH.
    env: { HOME: elsewhere, PATH: '/usr/bin:/bin', KUBECONFIG: '/nonexistent/kubeconfig' },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'print-config-test', version: '1' });
  await client.connect(transport);
  try {
    return (await client.listTools()).tools.map((t) => t.name);
  } finally {
    await client.close();
  }
}

describe('cub-scout mcp --print-config', () => {
  it('prints a Claude Desktop / Cursor snippet with absolute paths that a client can start from anywhere', async () => {
    for (const client of ['claude-desktop', 'cursor']) {
      const printed = await cli(['mcp', '--demo', '--no-history', '--print-config', '--client', client]);
      expect(printed.exitCode, printed.stderr).toBe(0);
      const entry = (JSON.parse(printed.stdout) as { mcpServers: Record<string, ServerEntry> }).mcpServers[
        'cub-scout'
      ];
      expect(entry).toBeDefined();
      if (!entry) return;
      expect(isAbsolute(entry.command)).toBe(true);
      expect(isAbsolute(entry.args[0] ?? '')).toBe(true);
      expect(entry.args.slice(1)).toEqual(['mcp', '--demo', '--no-history']);
      expect(printed.stderr).toMatch(/^# add to /);
      expect(await connectAsClient(entry)).toContain('trace_resource');
    }
  });

  it('prints a VS Code snippet (servers, type stdio) and a claude mcp add command', async () => {
    const vscode = await cli(['mcp', '--demo', '--print-config', '--client', 'vscode']);
    const entry = (JSON.parse(vscode.stdout) as { servers: Record<string, ServerEntry> }).servers[
      'cub-scout'
    ];
    expect(entry?.type).toBe('stdio');
    if (entry) expect(await connectAsClient(entry)).toContain('list_pipelines');

    const code = await cli(['mcp', '--demo', '--print-config', '--client', 'claude-code']);
    const words = code.stdout.trim().split(' ');
    expect(words.slice(0, 5)).toEqual(['claude', 'mcp', 'add', 'cub-scout', '--']);
    expect(isAbsolute(words[5] ?? '')).toBe(true);
    expect(words.slice(-2)).toEqual(['mcp', '--demo']);
    const [command = '', ...args] = words.slice(5);
    expect(await connectAsClient({ command, args })).toContain('scan_ccve');
  });

  it('refuses an unknown client', async () => {
    const result = await cli(['mcp', '--print-config', '--client', 'notepad']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--client/);
  });
});
