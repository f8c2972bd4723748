// GET requests to a Kubernetes API server with the credentials of one kubeconfig context, and time
// limits on everything: a connect timeout (an unreachable server must fail in seconds, not after the
// OS's two minutes) and a whole-request timeout. Credentials, TLS and proxies come from
// @kubernetes/client-node (applyToHTTPSOptions); the request itself is plain node:https, which is all
// a read-only client needs and works for any kind, CRDs included.
import http from 'node:http';
import https from 'node:https';
import { TLSSocket } from 'node:tls';
import { gunzipSync } from 'node:zlib';
import { CubScoutError, oneLine } from '../errors/index.js';
import type { ResolvedKubeconfig } from './kubeconfig.js';

export interface TimeoutOptions {
  /** Give up connecting after this long (default 5 s). */
  connectTimeoutMs?: number;
  /** Give up on a request (connect, wait, read) after this long (default 30 s). */
  requestTimeoutMs?: number;
}

export interface ApiResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON from the API server, read defensively by callers
  body: any;
  /** The API server's message for an error status (metav1.Status.message), else the status text. */
  message: string;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export class KubeHttp {
  private readonly connectTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly base: string;

  constructor(
    private readonly kube: ResolvedKubeconfig,
    timeouts: TimeoutOptions = {},
  ) {
    this.connectTimeoutMs = timeouts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.requestTimeoutMs = timeouts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    // Servers may sit under a path prefix (Rancher: https://host/k8s/clusters/c-x).
    this.base = kube.server.replace(/\/+$/, '');
  }

  /** `server (context name)`, how every error names where it happened. */
  get where(): string {
    return `${this.kube.server} (context ${this.kube.context})`;
  }

  /** GET a path (`/apis/apps/v1/deployments`) with a query. Network failures and timeouts throw
   * CubScoutError('unreachable'); HTTP error statuses are returned for the caller to interpret. */
  async get(
    path: string,
    query: Record<string, string> = {},
    accept = 'application/json',
  ): Promise<ApiResponse> {
    const url = new URL(this.base + path);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const options: https.RequestOptions = {
      method: 'GET',
      headers: { Accept: accept, 'Accept-Encoding': 'gzip', 'User-Agent': 'cub-scout (read-only)' },
    };
    try {
      await this.kube.config.applyToHTTPSOptions(options);
    } catch (e) {
      // An exec credential plugin that fails, a client certificate file that is missing...
      throw new CubScoutError('unreadable', `credentials for context ${this.kube.context}: ${oneLine(e)}`);
    }
    return this.send(url, options);
  }

  private send(url: URL, options: https.RequestOptions): Promise<ApiResponse> {
    const transport = url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (reason: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(connectTimer);
        clearTimeout(requestTimer);
        request.destroy();
        reject(new CubScoutError('unreachable', `cannot reach ${this.where}: ${reason}`));
      };
      const request = transport.request(url, options, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (e) => fail(oneLine(e)));
        response.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(requestTimer);
          try {
            resolve(parseResponse(response, Buffer.concat(chunks)));
          } catch (e) {
            reject(
              new CubScoutError(
                'unreadable',
                `${this.where}: unreadable answer to ${url.pathname}: ${oneLine(e)}`,
              ),
            );
          }
        });
      });
      const connectTimer = setTimeout(
        () => fail(`no connection within ${this.connectTimeoutMs / 1000} s`),
        this.connectTimeoutMs,
      );
      const requestTimer = setTimeout(
        () => fail(`no answer to ${url.pathname} within ${this.requestTimeoutMs / 1000} s`),
        this.requestTimeoutMs,
      );
      // Connected means the TLS handshake is done too: a port that accepts and then says nothing
      // must fail as fast as one that refuses.
      request.on('socket', (socket) => {
        const connected = socket instanceof TLSSocket ? 'secureConnect' : 'connect';
        if (!socket.connecting && !(socket instanceof TLSSocket && socket.pending))
          clearTimeout(connectTimer);
        else socket.once(connected, () => clearTimeout(connectTimer));
      });
      request.on('error', (e) => fail(oneLine(e)));
      request.end();
    });
  }
}

function parseResponse(response: http.IncomingMessage, raw: Buffer): ApiResponse {
  const status = response.statusCode ?? 0;
  const data = response.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
  const text = data.toString('utf8');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    if (status < 400) throw new Error('not JSON');
    body = undefined;
  }
  const statusMessage = (body as { message?: unknown } | undefined)?.message;
  const message =
    typeof statusMessage === 'string' && statusMessage
      ? statusMessage
      : `${status} ${response.statusMessage ?? ''}`.trim();
  return { status, body, message };
}
