// `cub-scout ui`'s HTTP server with the real handlers on the demo: the token from the URL is
// required on every API call (bearer or the cookie the page gets), a foreign Host or Origin is
// refused, a malformed payload gets 400 and one line, an unknown operation 404, and nothing is
// served from outside the built renderer. Then the real command, as a user starts it.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningUiServer, startUiServer } from '../../server/ui/server.js';
import { ClusterCatalog } from '../../shared/cluster-catalog.js';
import { ClusterEngines } from '../../shared/desktop-api/engines.js';
import { createHandlers, dispatch } from '../../shared/desktop-api/handlers.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/desktop-api/security.js';
import { Engine } from '../../shared/engine.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: () => { error?: { code: string; message: string } } & Record<string, unknown>;
}

function send(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { Host: `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function renderer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cub-scout-renderer-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>cub-scout</title><script src="./assets/app.js"></script>',
  );
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(join(tmpdir(), 'cub-scout-outside.txt'), 'not for the page');
  return dir;
}

describe('cub-scout ui server', () => {
  let server: RunningUiServer;
  let engines: ClusterEngines;
  let port: number;
  let token: string;
  const json = (extra: Record<string, string> = {}) => ({ 'Content-Type': 'application/json', ...extra });
  const api = (op: string, payload: unknown, headers: Record<string, string> = {}) =>
    send(port, {
      method: 'POST',
      path: `/api/${op}`,
      headers: json({ Authorization: `Bearer ${token}`, ...headers }),
      body: JSON.stringify(payload),
    });

  beforeAll(async () => {
    const catalog = new ClusterCatalog({ demo: true, noContexts: true });
    engines = new ClusterEngines(catalog);
    const handlers = createHandlers({
      catalog,
      engines,
      history: undefined,
      electron: false,
      refreshIntervalSeconds: 30,
    });
    server = await startUiServer({
      call: (op, payload) => dispatch(handlers, op, payload),
      rendererDir: renderer(),
    });
    port = server.port;
    token = server.token;
  });
  afterAll(async () => {
    await server.close();
    await engines.close();
  });

  it('hands out a URL with a long random token, on 127.0.0.1', () => {
    expect(server.url).toBe(`http://127.0.0.1:${port}/?token=${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('serves the page with the CSP header, and the token as an HttpOnly SameSite cookie', async () => {
    const page = await send(port, { path: `/?token=${token}` });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>cub-scout</title>');
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['set-cookie']).toEqual([
      `cub-scout-ui-${port}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    ]);
    const asset = await send(port, { path: '/assets/app.js' });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
    // A wrong token sets no cookie.
    expect((await send(port, { path: '/?token=guess' })).headers['set-cookie']).toBeUndefined();
  });

  it('requires the token on every API call: none or a wrong one is 401', async () => {
    const none = await send(port, { method: 'POST', path: '/api/clusters', headers: json(), body: '{}' });
    expect(none.status).toBe(401);
    expect(none.json().error?.message).toBe('missing or wrong token: open the URL cub-scout ui printed');
    expect((await api('clusters', {}, { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await api('clusters', {}, { Authorization: `Bearer ${token}x` })).status).toBe(401);
  });

  it('accepts the token as a bearer token or as the cookie', async () => {
    expect((await api('clusters', {})).json()).toEqual({
      clusters: [{ name: 'demo', kind: 'demo', isDefault: true }],
    });
    const byCookie = await send(port, {
      method: 'POST',
      path: '/api/clusters',
      headers: json({ Cookie: `other=1; cub-scout-ui-${port}=${token}` }),
      body: '{}',
    });
    expect(byCookie.status).toBe(200);
  });

  it('overview over HTTP equals the engine pipelines and scan counts', async () => {
    const engine = await Engine.open({ demo: true });
    const [pipelines, scan] = [await engine.pipelines(), await engine.scan()];
    await engine.close();
    const overview = (await api('overview', { cluster: 'demo' })).json();
    expect(overview.pipelines).toEqual({
      total: pipelines.total,
      healthy: pipelines.healthy,
      broken: pipelines.total - pipelines.healthy,
    });
    expect(overview.findings).toEqual(scan.counts);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin with 403, even with the token', async () => {
    const rebound = await api('clusters', {}, { Host: `evil.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.json().error?.message).toBe(
      `Host "evil.example:${port}" is not allowed: use http://127.0.0.1:${port}/`,
    );
    expect((await send(port, { path: '/', headers: { Host: `attacker.test:${port}` } })).status).toBe(403);
    expect((await api('clusters', {}, { Host: '127.0.0.1:1' })).status).toBe(403);
    for (const origin of ['https://evil.example', `http://127.0.0.1:${port + 1}`, 'null']) {
      const answer = await api('clusters', {}, { Origin: origin });
      expect(answer.status, origin).toBe(403);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    }
    expect((await api('clusters', {}, { Origin: `http://127.0.0.1:${port}` })).status).toBe(200);
    expect(
      (await api('clusters', {}, { Origin: `http://localhost:${port}`, Host: `localhost:${port}` })).status,
    ).toBe(200);
  });

  it('answers no CORS preflight', async () => {
    const preflight = await send(port, {
      method: 'OPTIONS',
      path: '/api/clusters',
      headers: { Origin: `http://127.0.0.1:${port}`, 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(401);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('a malformed payload is 400 with one line naming what is wrong', async () => {
    const notJson = await send(port, {
      method: 'POST',
      path: '/api/overview',
      headers: json({ Authorization: `Bearer ${token}` }),
      body: '{"cluster": ',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.json()).toEqual({
      error: { code: 'bad-request', message: 'overview: the body is not valid JSON' },
    });

    const wrongShape = await api('workloads', { cluster: 'demo', offset: 0, limit: 5000 });
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.json().error?.code).toBe('bad-request');
    expect(wrongShape.json().error?.message).toMatch(/^workloads: limit: .*500/);
    expect(wrongShape.json().error?.message).not.toContain('\n');

    const huge = await api('trace', {
      cluster: 'demo',
      ref: { apiVersion: 'v1', kind: 'Pod', name: 'x'.repeat(5000) },
    });
    expect(huge.status).toBe(400);
    expect(huge.body.length).toBeLessThan(400);

    const wrongType = await api('overview', { cluster: 'demo' }, { 'Content-Type': 'text/plain' });
    expect(wrongType.status).toBe(415);
  });

  it('an unknown operation is 404; GET on the API is 405', async () => {
    const unknown = await api('deleteCluster', {});
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toEqual({
      error: { code: 'unknown-operation', message: 'unknown operation "deleteCluster"' },
    });
    const get = await send(port, { path: '/api/clusters', headers: { Authorization: `Bearer ${token}` } });
    expect(get.status).toBe(405);
  });

  it('an unknown cluster or object is a one-line error, never a stack', async () => {
    const cluster = await api('overview', { cluster: 'prod' });
    expect(cluster.status).toBe(400);
    expect(cluster.json().error?.message).toBe('unknown cluster "prod": choose one of demo');
    const missing = await api('trace', {
      cluster: 'demo',
      ref: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'nope', namespace: 'demo' },
    });
    expect(missing.status).toBe(404);
    expect(missing.body).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });

  it('a body past the limit is refused with 413', async () => {
    const big = await api('clusters', { padding: 'x'.repeat(2 * 1024 * 1024) });
    expect(big.status).toBe(413);
  });

  it('serves nothing outside the built renderer', async () => {
    for (const path of [
      '/../cub-scout-outside.txt',
      '/..%2fcub-scout-outside.txt',
      '/%2e%2e/cub-scout-outside.txt',
      '/assets/',
    ])
      expect((await send(port, { path })).status, path).toBe(404);
  });

  it('says how to build the renderer when it is missing', async () => {
    const catalog = new ClusterCatalog({ demo: true, noContexts: true });
    const bare = await startUiServer({
      call: (op, payload) =>
        dispatch(
          createHandlers({
            catalog,
            engines,
            history: undefined,
            electron: false,
            refreshIntervalSeconds: 30,
          }),
          op,
          payload,
        ),
      rendererDir: join(tmpdir(), 'cub-scout-no-renderer-here'),
    });
    const page = await send(bare.port, { path: '/' });
    expect(page.status).toBe(503);
    expect(page.body).toContain('npm run build');
    await bare.close();
  });
});

describe('npx cub-scout ui --demo', () => {
  it('prints its URL and serves the desktop API on it, then stops on SIGINT', async () => {
    const engine = await Engine.open({ demo: true });
    const pipelines = await engine.pipelines();
    await engine.close();
    const bin = join(import.meta.dirname, '../../dist/cli/bin.js');
    const child = spawn(process.execPath, [bin, 'ui', '--demo', '--no-history'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const url = await new Promise<URL>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(output);
        if (match) resolve(new URL(match[0]));
      });
      child.on('exit', (code) => reject(new Error(`cub-scout ui exited with ${code}: ${output}`)));
    });
    const port = Number(url.port);
    const token = url.searchParams.get('token') ?? '';
    const status = await send(port, {
      method: 'POST',
      path: '/api/clusterStatus',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ cluster: 'demo' }),
    });
    expect(status.json()).toMatchObject({
      cluster: 'demo',
      reachable: true,
      brokenPipelines: pipelines.total - pipelines.healthy,
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
