// The Streamable HTTP transport, stateless: every POST to /mcp gets its own McpServer and
// transport, so concurrent calls never share protocol state, while the engines and indexes behind
// them (the McpContext) are shared. Every request passes the Host/Origin/token checks first.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { oneLine } from '../../shared/errors/index.js';
import type { McpContext } from './context.js';
import { checkAccess } from './security.js';
import { createMcpServer, type Toolset } from './server.js';

export const MCP_PATH = '/mcp';

export interface HttpOptions {
  host: string;
  port: number;
  token?: string;
  toolsets: Toolset[];
}

export interface RunningHttpServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function startHttpServer(context: McpContext, options: HttpOptions): Promise<RunningHttpServer> {
  let port = options.port;
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      process.stderr.write(`mcp http: ${oneLine(error)}\n`);
      if (!res.headersSent) jsonError(res, 500, -32603, 'internal error');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = checkAccess(req.headers, {
      bindHost: options.host,
      port,
      ...(options.token ? { token: options.token } : {}),
    });
    if (refusal) {
      if (refusal.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="cub-scout"');
      jsonError(res, refusal.status, -32001, refusal.reason);
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== MCP_PATH) {
      jsonError(res, 404, -32601, `not found: the MCP endpoint is ${MCP_PATH}`);
      return;
    }
    if (req.method !== 'POST') {
      // Stateless: no server-initiated streams (GET) and no sessions to end (DELETE).
      res.setHeader('Allow', 'POST');
      jsonError(res, 405, -32000, 'method not allowed: this server is stateless, POST only');
      return;
    }
    const mcp = createMcpServer(context, options.toolsets);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void mcp.close();
    });
    await mcp.connect(transport);
    await transport.handleRequest(req, res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}${MCP_PATH}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function jsonError(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
