// The Streamable HTTP transport, stateless: every POST to /mcp gets its own McpServer and
// transport, so concurrent calls never share protocol state, while the engines and indexes behind
// them (the McpContext) are shared. Every request passes the Host/Origin/token checks first.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { oneLine } from '../../shared/errors/index.js';
import type { McpContext } from './context.js';
import { guardTransport } from './protocol-guard.js';
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
    // Host and Origin first (a rebinding page learns nothing), then the path: a client probing
    // for OAuth metadata (/.well-known/oauth-protected-resource) must hear that there is none, not
    // "unauthorized", or it starts an OAuth flow this server does not offer.
    const hostAndOrigin = checkAccess(req.headers, { bindHost: options.host, port });
    if (hostAndOrigin) {
      jsonError(res, hostAndOrigin.status, -32001, hostAndOrigin.reason);
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== MCP_PATH) {
      jsonError(res, 404, -32601, `not found: the MCP endpoint is ${MCP_PATH}`);
      return;
    }
    const refusal = options.token
      ? checkAccess(req.headers, { bindHost: options.host, port, token: options.token })
      : undefined;
    if (refusal) {
      // No WWW-Authenticate: Bearer, which sends MCP clients into OAuth discovery. The token is a
      // static one the user configures in the client as a header.
      jsonError(
        res,
        refusal.status,
        -32001,
        `${refusal.reason}: send the header "Authorization: Bearer <token>" with the token this server was started with (--token or $CUB_SCOUT_MCP_TOKEN)`,
      );
      return;
    }
    if (req.method !== 'POST') {
      // Stateless: no server-initiated streams (GET) and no sessions to end (DELETE).
      res.setHeader('Allow', 'POST');
      jsonError(res, 405, -32000, 'method not allowed: this server is stateless, POST only');
      return;
    }
    // Stateless: a client's notifications/cancelled arrives in another request, on another server;
    // what stops the work is the client closing this request's connection (aborting its fetch).
    const gone = new AbortController();
    const mcp = createMcpServer({ ...context, signal: gone.signal }, options.toolsets);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      if (!res.writableFinished) gone.abort();
      void transport.close();
      void mcp.close();
    });
    await mcp.connect(transport);
    guardTransport(transport, options.toolsets);
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
