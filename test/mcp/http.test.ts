// `cub-scout mcp --http`: a real HTTP client (the SDK's Streamable HTTP client, and raw fetch for
// what a browser or an attacker would send). DNS rebinding and cross-site requests are refused,
// the token is enforced, and 50 concurrent tool calls are all answered correctly.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TraceOutputSchema } from '../../server/mcp/trace-tools.js';
import { TraceResultSchema } from '../../shared/model/trace-result.js';
import { BIN } from '../helpers/cli.js';
import { type HttpServer, serverEnv, startHttp, tempHistoryDir, textOf } from './client.js';

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

function post(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify(INITIALIZE),
  });
}

async function connect(url: string, token?: string): Promise<Client> {
  const client = new Client({ name: 'cub-scout-http-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(
    new URL(url),
    token ? { requestInit: { headers: { Authorization: `Bearer ${token}` } } } : {},
  );
  await client.connect(transport);
  return client;
}

describe('cub-scout mcp --http (no token)', () => {
  let server: HttpServer;
  beforeAll(async () => {
    server = await startHttp(['--demo'], serverEnv(tempHistoryDir()));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('listens on 127.0.0.1 by default', () => {
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
    expect(new URL(server.url).pathname).toBe('/mcp');
  });

  it('answers a plain request from localhost', async () => {
    const response = await post(server.url);
    expect(response.status).toBe(200);
  });

  it('refuses a foreign Origin, http: or https:, with 403 (a web page the user opened)', async () => {
    for (const origin of [
      'https://evil.example',
      'http://evil.example',
      'http://localhost.evil.example',
      'null',
    ]) {
      const response = await post(server.url, { Origin: origin });
      expect(response.status, origin).toBe(403);
      expect(await response.text()).toMatch(/Origin/);
    }
    expect((await post(server.url, { Origin: `http://localhost:${server.port}` })).status).toBe(200);
    expect((await post(server.url, { Origin: `https://127.0.0.1:${server.port}` })).status).toBe(200);
  });

  it('refuses a foreign Host with 403 (DNS rebinding) and a loopback name on another port', async () => {
    // fetch will not let us set Host: use node:http directly.
    const { request } = await import('node:http');
    const statusFor = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          server.url,
          {
            method: 'POST',
            headers: {
              Host: host,
              'Content-Type': 'application/json',
              Accept: 'application/json, text/event-stream',
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify(INITIALIZE));
      });
    expect(await statusFor(`evil.example:${server.port}`)).toBe(403);
    expect(await statusFor(`localhost:${server.port + 1}`)).toBe(403);
    expect(await statusFor(`localhost:${server.port}`)).toBe(200);
    expect(await statusFor(`[::1]:${server.port}`)).toBe(200);
  });

  it('answers 50 concurrent tool calls, each correctly', async () => {
    const client = await connect(server.url);
    try {
      const targets = [
        { resource: 'deployment/nginx', namespace: 'demo' },
        { resource: 'deployment/podinfo', namespace: 'podinfo' },
        { resource: 'deployment/redis', namespace: 'cache' },
        { resource: 'deployment/grafana', namespace: 'monitoring' },
        { resource: 'deployment/debug-tools', namespace: 'demo' },
      ];
      const calls = Array.from(
        { length: 50 },
        (_, i) => targets[i % targets.length] as (typeof targets)[number],
      );
      const results = await Promise.all(
        calls.map((t) =>
          client.callTool({
            name: 'trace_resource',
            arguments: { resource: t.resource, namespace: t.namespace },
          }),
        ),
      );
      expect(results).toHaveLength(50);
      results.forEach((result, i) => {
        const wanted = calls[i];
        expect(result.isError, textOf(result)).toBeFalsy();
        const trace = TraceResultSchema.parse(TraceOutputSchema.parse(result.structuredContent).trace);
        expect(`${trace.object.kind.toLowerCase()}/${trace.object.name}`).toBe(wanted?.resource);
        expect(trace.object.namespace).toBe(wanted?.namespace);
      });
      // The same object gets the same verdict every time, whatever ran next to it.
      const verdicts = new Map<string, Set<boolean>>();
      results.forEach((r, i) => {
        const trace = TraceOutputSchema.parse(r.structuredContent).trace;
        const key = calls[i]?.resource ?? '';
        verdicts.set(key, (verdicts.get(key) ?? new Set()).add(trace?.diagnosis.healthy ?? true));
      });
      for (const set of verdicts.values()) expect(set.size).toBe(1);
      expect([...(verdicts.get('deployment/nginx') ?? [])]).toEqual([false]);
    } finally {
      await client.close();
    }
  });

  it('refuses GET (stateless: no server streams) and unknown paths', async () => {
    expect((await fetch(server.url)).status).toBe(405);
    expect((await post(server.url.replace('/mcp', '/other'))).status).toBe(404);
  });
});

describe('cub-scout mcp --http --token', () => {
  const token = 's3cret-token-for-tests';
  let server: HttpServer;
  beforeAll(async () => {
    server = await startHttp(['--demo', '--token', token], serverEnv(tempHistoryDir()));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses a request without the token (401) or with a wrong one, without sending clients into OAuth', async () => {
    const missing = await post(server.url);
    expect(missing.status).toBe(401);
    // WWW-Authenticate: Bearer makes MCP clients start OAuth discovery; the token is a static one.
    expect(missing.headers.get('www-authenticate')).toBeNull();
    expect(await missing.text()).toMatch(/Authorization: Bearer/);
    expect((await post(server.url, { Authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('has no OAuth metadata: 404, not 401', async () => {
    for (const path of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-authorization-server']) {
      const response = await fetch(server.url.replace('/mcp', path));
      expect(response.status, path).toBe(404);
    }
  });

  it('serves a client that sends the token', async () => {
    const client = await connect(server.url, token);
    try {
      const result = await client.callTool({ name: 'trace_resource', arguments: { resource: 'nginx' } });
      expect(textOf(result)).toContain('Kustomization/apps');
    } finally {
      await client.close();
    }
  });
});

describe('cub-scout mcp --http on a non-loopback address', () => {
  it('refuses to start without a token: one line, exit 2', async () => {
    const env = serverEnv(tempHistoryDir());
    delete env.CUB_SCOUT_MCP_TOKEN;
    const result = await execa('node', [BIN, 'mcp', '--http', '--host', '0.0.0.0', '--port', '0', '--demo'], {
      env,
      reject: false,
      timeout: 20_000,
      extendEnv: false,
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: --host 0\.0\.0\.0 is not loopback.*--token/);
  });
});
