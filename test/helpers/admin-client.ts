// An admin client for the fixture loader (test/helpers/fixtures.ts): the only code in the project
// that sends write verbs, and only to the throw-away test bed. cub-scout itself never writes.
import http from 'node:http';
import https from 'node:https';
import { loadKubeconfig, type ResolvedKubeconfig } from '../../shared/reader/kubeconfig.js';
import { LiveReader } from '../../shared/reader/live.js';
import type { KindInfo } from '../../shared/reader/types.js';

export interface Response {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: API server JSON
  body: any;
}

export class AdminClient {
  readonly kube: ResolvedKubeconfig;
  reader: LiveReader;

  constructor(kubeconfig: string, context = 'testbed-admin') {
    this.kube = loadKubeconfig({ kubeconfig, context });
    this.reader = new LiveReader(this.kube, { requestTimeoutMs: 30_000 });
  }

  /** Forget cached discovery (after installing CRDs). */
  refreshDiscovery(): void {
    this.reader = new LiveReader(this.kube, { requestTimeoutMs: 30_000 });
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<Response> {
    const url = new URL(this.kube.server.replace(/\/+$/, '') + path);
    const options: https.RequestOptions = { method, headers: { Accept: 'application/json' } };
    await this.kube.config.applyToHTTPSOptions(options);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    if (payload)
      options.headers = { ...options.headers, 'Content-Type': contentType, 'Content-Length': payload.length };
    const transport = url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      const req = transport.request(url, { ...options, timeout: 30_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // keep the text: an error page
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timeout`)));
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  async expect(method: string, path: string, body: unknown, ok: number[], what: string): Promise<Response> {
    const response = await this.request(method, path, body);
    if (!ok.includes(response.status)) {
      const message = response.body?.message ?? JSON.stringify(response.body);
      throw new Error(`fixture loader: ${what}: ${method} ${path} → ${response.status} ${message}`);
    }
    return response;
  }
}

export function objectPath(kind: KindInfo, namespace: string | undefined, name?: string): string {
  const root = kind.group ? `/apis/${kind.group}/${kind.version}` : `/api/${kind.version}`;
  const ns = kind.namespaced ? `/namespaces/${namespace ?? 'default'}` : '';
  return `${root}${ns}/${kind.plural}${name ? `/${name}` : ''}`;
}
