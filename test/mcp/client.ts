// Start `cub-scout mcp` (the built bin) the way an MCP client does, and connect the SDK's Client.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { BIN } from '../helpers/cli.js';

export function tempHistoryDir(): string {
  return mkdtempSync(join(tmpdir(), 'cub-scout-mcp-history-'));
}

/** The environment every server under test runs with: no real kubeconfig, no real history. */
export function serverEnv(historyDir: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return {
    ...env,
    NO_COLOR: '1',
    KUBECONFIG: '/nonexistent/kubeconfig',
    CUB_SCOUT_HISTORY_DIR: historyDir,
    ...extra,
  };
}

export async function stdioClient(args: string[], env: Record<string, string>): Promise<Client> {
  const transport = new StdioClientTransport({
    command: 'node',
    args: [BIN, 'mcp', ...args],
    env,
    stderr: 'pipe',
  });
  const client = new Client({ name: 'cub-scout-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** The first text block of a tool result. */
export function textOf(result: unknown): string {
  const content = (result as CallToolResult).content ?? [];
  const first = content[0];
  return first && first.type === 'text' ? first.text : '';
}

export interface HttpServer {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** `cub-scout mcp --http --port 0 ...`; resolves once it says where it listens. */
export function startHttp(args: string[], env: Record<string, string>): Promise<HttpServer> {
  const child = spawn('node', [BIN, 'mcp', '--http', '--port', '0', ...args], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`no listening line: ${stderr}`)), 20_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        const url = match[1];
        resolve({
          url,
          port: Number(new URL(url).port),
          process: child,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
              child.once('exit', () => {
                clearTimeout(force);
                done();
              });
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}: ${stderr}`));
    });
  });
}
